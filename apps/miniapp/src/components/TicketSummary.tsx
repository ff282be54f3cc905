import type { ReactNode } from 'react';
import {
  COMPLAINT_TARGET_LABELS,
  ESCALATION_LABELS,
  TICKET_KIND_LABELS,
  TICKET_PRIORITY_LABELS,
  type TicketPhotoView,
  type TicketView,
} from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { formatTime } from '../format';
import { zh } from '../i18n/zh';
import { AuthImage } from './AuthImage';
import { PhoneLink } from './PhoneLink';
import { StatusBadge } from './StatusBadge';
import './TicketSummary.scss';

interface Props {
  ticket: TicketView;
  /** Tap on a photo: show it large. */
  onPreview: (photo: TicketPhotoView, all: TicketPhotoView[]) => void;
  /** Open another ticket (the one a merged duplicate joined). */
  onOpenTicket: (id: number) => void;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <View className="summary__row" data-testid={testId}>
      <View className="summary__label">{label}</View>
      <View className="summary__value">{children}</View>
    </View>
  );
}

function Photos({ title, photos, onPreview }: { title: string; photos: TicketPhotoView[]; onPreview: Props['onPreview'] }) {
  if (photos.length === 0) return null;
  return (
    <View className="summary__photos">
      <View className="summary__label">{title}</View>
      <View className="summary__photo-row">
        {photos.map((photo) => (
          <AuthImage key={photo.id} url={photo.thumbUrl} onTap={() => onPreview(photo, photos)} />
        ))}
      </View>
    </View>
  );
}

function Stars({ value }: { value: number | null }) {
  if (value === null) return <>{zh.board.none}</>;
  return <>{'★'.repeat(value) + '☆'.repeat(5 - value)}</>;
}

/** The ticket itself: what, where, who handles it, its deadlines, photos and rating. */
export function TicketSummary({ ticket, onPreview, onOpenTicket }: Props) {
  const reportPhotos = ticket.photos.filter((p) => p.stage === 'report');
  const resolvePhotos = ticket.photos.filter((p) => p.stage === 'resolve');
  const open = !['resolved', 'closed', 'rejected', 'cancelled'].includes(ticket.status);
  // Staff call the resident with a tap; the resident sees their own number as text.
  const callable = ticket.viewer.actors.some((a) => a !== 'reporter');
  return (
    <View className="card summary" data-testid="ticket-summary" data-ticket-id={ticket.id} data-version={ticket.version}>
      <View className="summary__head">
        <View className="summary__title">
          {ticket.categoryName}
          <View className="summary__tag">{TICKET_KIND_LABELS[ticket.kind]}</View>
          {ticket.priority !== 'normal' ? (
            <View className="summary__tag summary__tag--urgent">{TICKET_PRIORITY_LABELS[ticket.priority]}</View>
          ) : null}
          {ticket.escalationLevel > 0 ? (
            <View className="summary__tag summary__tag--urgent">{ESCALATION_LABELS[ticket.escalationLevel] ?? ''}</View>
          ) : null}
        </View>
        <StatusBadge status={ticket.status} duplicateOfId={ticket.duplicateOfId} />
      </View>
      {ticket.duplicateOfId !== null ? (
        <View
          className="link-row summary__merged"
          role="link"
          data-testid="merged-into"
          onClick={() => onOpenTicket(ticket.duplicateOfId!)}
        >
          {zh.ticket.mergedInto(ticket.duplicateOfId)}
          <View>›</View>
        </View>
      ) : null}
      <View className="summary__desc" data-testid="ticket-description">
        {ticket.description}
      </View>
      <Row label={zh.ticket.place}>
        {ticket.compoundName} {ticket.placeLabel}
      </Row>
      <Row label={zh.ticket.reportedAt}>
        {formatTime(ticket.createdAt)}
        {zh.common.separator}
        {zh.ticket.number(ticket.id)}
      </Row>
      <Row label={zh.ticket.reporter}>
        {ticket.reporterName}
        {ticket.reporterPhone ? (
          <>
            {zh.common.separator}
            {callable ? <PhoneLink phone={ticket.reporterPhone} /> : ticket.reporterPhone}
          </>
        ) : null}
      </Row>
      {ticket.complaintTarget ? (
        <Row label={zh.report.complaintTarget}>{COMPLAINT_TARGET_LABELS[ticket.complaintTarget]}</Row>
      ) : null}
      <Row label={zh.ticket.handler}>{ticket.handlerName}</Row>
      {ticket.assigneeName ? (
        <Row label={zh.ticket.assignee} testId="ticket-assignee">
          {ticket.assigneeName}
        </Row>
      ) : null}
      {open && ticket.status === 'submitted' ? (
        <Row label={zh.ticket.acceptDeadline}>{formatTime(ticket.acceptDeadline)}</Row>
      ) : null}
      {open && ticket.status !== 'submitted' ? (
        <Row label={zh.ticket.resolveDeadline}>{formatTime(ticket.resolveDeadline)}</Row>
      ) : null}
      {ticket.preferredVisitAt ? <Row label={zh.ticket.visitAt}>{formatTime(ticket.preferredVisitAt)}</Row> : null}
      {ticket.pauseReason ? <Row label={zh.ticket.pauseReason}>{ticket.pauseReason}</Row> : null}
      {ticket.followUp ? <Row label={zh.actions.followUpResult}>{zh.ticket.followUp[ticket.followUp]}</Row> : null}
      {ticket.rating ? (
        <View className="summary__rating" data-testid="ticket-rating" data-overall={ticket.rating.overall}>
          <Row label={zh.ticket.ratingOverall}>
            <Stars value={ticket.rating.overall} />
          </Row>
          <Row label={zh.ticket.ratingSpeed}>
            <Stars value={ticket.rating.speed} />
          </Row>
          <Row label={zh.ticket.ratingAttitude}>
            <Stars value={ticket.rating.attitude} />
          </Row>
          {ticket.rating.comment ? <View className="summary__desc">{ticket.rating.comment}</View> : null}
        </View>
      ) : null}
      <Photos title={zh.ticket.photosReport} photos={reportPhotos} onPreview={onPreview} />
      <Photos title={zh.ticket.photosResolve} photos={resolvePhotos} onPreview={onPreview} />
    </View>
  );
}
