import { useState } from 'react';
import { LIMITS, ROLE_LABELS, TICKET_ACTION_LABELS, TICKET_STATUS_LABELS, type TicketView } from '@doorstep/contracts';
import { Picker, Textarea, View } from '@tarojs/components';

import { shanghaiDate, shanghaiToIso } from '../format';
import { zh } from '../i18n/zh';
import type { Assignee } from '../services/people';
import type { ButtonAction } from '../services/tickets';
import { Btn } from './Btn';
import { cx } from './cx';
import { PhotoGrid, type PhotoTile } from './PhotoGrid';
import { StarRating } from './StarRating';
import { StatusView } from './StatusView';
import './ActionPanel.scss';

/** A button of the ticket page: an action of the shared machine (a transition, or 督办 which changes no status). */
export type PanelAction = ButtonAction;

/** What the user entered for an action; the page's hook builds the request body from it. */
export interface ActionInput {
  note?: string;
  reason?: string;
  assigneeId?: number;
  overall?: number;
  speed?: number;
  attitude?: number;
  handlerType?: 'company' | 'community';
  satisfied?: boolean;
  duplicateOfId?: number;
  /** Pause: when work can go on (UTC ISO), if known. */
  until?: string;
}

interface Props {
  /** From TicketView.viewer.actions (the shared state machine), and nothing else. */
  actions: PanelAction[];
  pending: boolean;
  onOpen?: (action: PanelAction) => void;
  onSubmit: (action: PanelAction, input: ActionInput) => void;
  /** People to assign to (assign / transfer). */
  assignees: { items: Assignee[]; loading: boolean; error?: string };
  currentAssigneeId: number | null;
  /** After-photos (resolve). */
  photos: { tiles: PhotoTile[]; max: number; error?: string | null; onAdd: () => void; onRemove: (key: string) => void };
  /** Names of the two handlers a supervisor can hand the ticket to; company null when the compound has none. */
  reassignTargets: { company: string | null; community: string };
  /** Likely duplicates to merge into (merge). */
  duplicates: { items: TicketView[]; loading: boolean; error?: string };
}

const PRIMARY: readonly PanelAction[] = ['accept', 'assign', 'start', 'resume', 'resolve', 'rate'];
const DANGER: readonly PanelAction[] = ['reject', 'cancel', 'uphold', 'hand_back'];
const REASON_MIN = 2;

const kindOf = (action: PanelAction) => (PRIMARY.includes(action) ? 'primary' : DANGER.includes(action) ? 'danger' : 'ghost');
const order = (action: PanelAction) => ({ primary: 0, ghost: 1, danger: 2 })[kindOf(action)];
const labelOf = (action: PanelAction) => TICKET_ACTION_LABELS[action];

/** Actions whose note is required, with what to ask for. */
const NOTE_REQUIRED: Partial<Record<PanelAction, string>> = {
  reopen: zh.actions.reopenPlaceholder,
  appeal: zh.actions.appealPlaceholder,
  urge: zh.actions.urgePlaceholder,
};
/** Actions that need a reason (reject, pause, 退单: the API requires one). */
const REASON_REQUIRED: readonly PanelAction[] = ['reject', 'pause', 'hand_back'];

/**
 * The action buttons of a ticket, and the small form each opens: a reason, a person, stars, photos or
 * just a confirmation. Which buttons appear is decided by the state machine, never here.
 */
export function ActionPanel(props: Props) {
  const { actions, pending } = props;
  const [open, setOpen] = useState<PanelAction | null>(null);
  const [text, setText] = useState('');
  const [assigneeId, setAssigneeId] = useState<number | null>(null);
  const [stars, setStars] = useState({ overall: 0, speed: 0, attitude: 0 });
  const [handlerType, setHandlerType] = useState<'company' | 'community' | null>(null);
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [duplicateOf, setDuplicateOf] = useState<number | null>(null);
  const [resumeDate, setResumeDate] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  if (actions.length === 0) return null;
  const sorted = [...actions].sort((a, b) => order(a) - order(b));

  const choose = (action: PanelAction) => {
    if (open === action) return setOpen(null);
    setOpen(action);
    setText('');
    setAssigneeId(null);
    setStars({ overall: 0, speed: 0, attitude: 0 });
    setHandlerType(null);
    setSatisfied(null);
    setDuplicateOf(null);
    setResumeDate('');
    setProblem(null);
    props.onOpen?.(action);
  };

  const submit = () => {
    if (!open || pending) return;
    const note = text.trim();
    const input: ActionInput = {};
    if (REASON_REQUIRED.includes(open)) {
      if (note.length < REASON_MIN) return setProblem(zh.actions.needReason);
      input.reason = note;
    } else if (NOTE_REQUIRED[open]) {
      if (note.length < REASON_MIN) return setProblem(zh.actions.needNote);
      input.note = note;
    } else if (note) {
      input.note = note;
    }
    if (open === 'assign' || open === 'transfer') {
      if (assigneeId === null) return setProblem(zh.actions.needAssignee);
      input.assigneeId = assigneeId;
    }
    if (open === 'rate') {
      if (stars.overall === 0) return setProblem(zh.actions.needRating);
      input.overall = stars.overall;
      if (stars.speed) input.speed = stars.speed;
      if (stars.attitude) input.attitude = stars.attitude;
    }
    if (open === 'reassign') {
      if (!handlerType) return setProblem(zh.actions.needHandler);
      input.handlerType = handlerType;
    }
    if (open === 'follow_up') {
      if (satisfied === null) return setProblem(zh.actions.needFollowUp);
      input.satisfied = satisfied;
    }
    if (open === 'merge') {
      if (duplicateOf === null) return setProblem(zh.actions.needDuplicate);
      input.duplicateOfId = duplicateOf;
    }
    if (open === 'pause' && resumeDate) input.until = shanghaiToIso(resumeDate, '09:00');
    if (open === 'resolve' && props.photos.tiles.some((p) => p.status !== 'done')) {
      return setProblem(
        props.photos.tiles.some((p) => p.status === 'uploading') ? zh.report.photosBusy : zh.report.photoUploadFailed,
      );
    }
    setProblem(null);
    props.onSubmit(open, input);
  };

  const textLabel =
    open && REASON_REQUIRED.includes(open)
      ? zh.actions.reasonLabel
      : open === 'resolve'
        ? zh.actions.resolveNote
        : open === 'rate'
          ? zh.actions.rateComment
          : zh.actions.noteLabel;
  const placeholder = !open
    ? ''
    : REASON_REQUIRED.includes(open)
      ? zh.actions.reasonPlaceholder
      : (NOTE_REQUIRED[open] ??
        (open === 'resolve'
          ? zh.actions.resolveNotePlaceholder
          : open === 'rate'
            ? zh.actions.rateCommentPlaceholder
            : zh.actions.notePlaceholder));
  const required = open !== null && (REASON_REQUIRED.includes(open) || Boolean(NOTE_REQUIRED[open]));

  return (
    <View className="card action-panel" data-testid="action-panel">
      <View className="action-panel__buttons">
        {sorted.map((action) => (
          <Btn
            key={action}
            kind={kindOf(action)}
            className={cx('action-panel__button', open === action && 'action-panel__button--open')}
            disabled={pending}
            testId={`action-${action}`}
            onClick={() => choose(action)}
          >
            {labelOf(action)}
          </Btn>
        ))}
      </View>

      {open ? (
        <View className="action-panel__form" data-testid="action-form" data-action={open}>
          <View className="action-panel__form-title">{labelOf(open)}</View>

          {open === 'rate' ? (
            <View>
              <StarRating
                label={zh.ticket.ratingOverall}
                value={stars.overall}
                testId="rate-overall"
                onChange={(overall) => setStars({ ...stars, overall })}
              />
              <StarRating
                label={zh.ticket.ratingSpeed}
                value={stars.speed}
                testId="rate-speed"
                onChange={(speed) => setStars({ ...stars, speed })}
              />
              <StarRating
                label={zh.ticket.ratingAttitude}
                value={stars.attitude}
                testId="rate-attitude"
                onChange={(attitude) => setStars({ ...stars, attitude })}
              />
            </View>
          ) : null}

          {open === 'assign' || open === 'transfer' ? (
            <View className="action-panel__field">
              <View className="action-panel__label">{zh.actions.assigneeLabel}</View>
              {props.assignees.loading ? <StatusView kind="loading" text={zh.actions.assigneesLoading} /> : null}
              {props.assignees.error ? <StatusView kind="error" text={props.assignees.error} /> : null}
              {!props.assignees.loading && !props.assignees.error && props.assignees.items.length === 0 ? (
                <StatusView kind="empty" text={zh.actions.assigneesEmpty} />
              ) : null}
              <View className="action-panel__choices">
                {props.assignees.items
                  .filter((a) => open === 'assign' || a.userId !== props.currentAssigneeId)
                  .map((a) => (
                    <View
                      key={a.userId}
                      className={cx('chip', assigneeId === a.userId && 'chip--active')}
                      data-testid={`assignee-${a.userId}`}
                      data-name={a.name}
                      onClick={() => setAssigneeId(a.userId)}
                    >
                      {a.name}
                      <View className="action-panel__role muted">{ROLE_LABELS[a.role]}</View>
                    </View>
                  ))}
              </View>
            </View>
          ) : null}

          {open === 'reassign' ? (
            <View className="action-panel__field">
              <View className="action-panel__label">{zh.actions.reassignTo}</View>
              <View className="action-panel__choices">
                {props.reassignTargets.company ? (
                  <View
                    className={cx('chip', handlerType === 'company' && 'chip--active')}
                    data-testid="handler-company"
                    onClick={() => setHandlerType('company')}
                  >
                    {zh.actions.reassignCompany}（{props.reassignTargets.company}）
                  </View>
                ) : null}
                <View
                  className={cx('chip', handlerType === 'community' && 'chip--active')}
                  data-testid="handler-community"
                  onClick={() => setHandlerType('community')}
                >
                  {zh.actions.reassignCommunity}
                </View>
              </View>
            </View>
          ) : null}

          {open === 'follow_up' ? (
            <View className="action-panel__field">
              <View className="action-panel__label">{zh.actions.followUpResult}</View>
              <View className="action-panel__choices">
                <View
                  className={cx('chip', satisfied === true && 'chip--active')}
                  data-testid="followup-yes"
                  onClick={() => setSatisfied(true)}
                >
                  {zh.actions.satisfied}
                </View>
                <View
                  className={cx('chip', satisfied === false && 'chip--active')}
                  data-testid="followup-no"
                  onClick={() => setSatisfied(false)}
                >
                  {zh.actions.unsatisfied}
                </View>
              </View>
            </View>
          ) : null}

          {open === 'merge' ? (
            <View className="action-panel__field">
              <View className="action-panel__label">{zh.actions.duplicateOf}</View>
              {props.duplicates.loading ? (
                <StatusView kind="loading" />
              ) : props.duplicates.error ? (
                <StatusView kind="error" text={props.duplicates.error} />
              ) : props.duplicates.items.length === 0 ? (
                <StatusView kind="empty" text={zh.actions.noDuplicates} />
              ) : (
                <View className="choices choices--column">
                  {props.duplicates.items.map((d) => (
                    <View
                      key={d.id}
                      className={cx('chip', duplicateOf === d.id && 'chip--active')}
                      data-testid={`action-duplicate-${d.id}`}
                      onClick={() => setDuplicateOf(d.id)}
                    >
                      {zh.actions.duplicateChoice(d.id, d.placeLabel, TICKET_STATUS_LABELS[d.status], d.description)}
                    </View>
                  ))}
                </View>
              )}
            </View>
          ) : null}

          <View className="action-panel__field">
            <View className="action-panel__label">
              {textLabel}
              {required ? zh.common.required : zh.common.optional}
            </View>
            <Textarea
              className="field field--area"
              value={text}
              maxlength={open === 'urge' || NOTE_REQUIRED[open] || open === 'resolve' ? LIMITS.noteMax : 200}
              placeholder={placeholder}
              data-testid="action-text"
              onInput={(e) => {
                setText(e.detail.value);
                if (problem) setProblem(null);
              }}
            />
          </View>

          {open === 'pause' ? (
            <View className="action-panel__field">
              <View className="action-panel__label">{zh.actions.pauseUntil}</View>
              <Picker
                mode="date"
                value={resumeDate || shanghaiDate()}
                start={shanghaiDate()}
                onChange={(e) => setResumeDate(String(e.detail.value))}
              >
                <View className={cx('chip', resumeDate && 'chip--active')} data-testid="pause-until">
                  {resumeDate || zh.actions.pauseUntilPick}
                </View>
              </Picker>
            </View>
          ) : null}

          {open === 'resolve' ? (
            <View className="action-panel__field">
              <View className="action-panel__label">{zh.actions.resolvePhotos(props.photos.tiles.length, props.photos.max)}</View>
              {props.photos.error ? (
                <View className="form-error" role="alert" data-testid="photo-error">
                  {props.photos.error}
                </View>
              ) : null}
              <PhotoGrid
                photos={props.photos.tiles}
                max={props.photos.max}
                disabled={pending}
                onAdd={props.photos.onAdd}
                onRemove={props.photos.onRemove}
              />
            </View>
          ) : null}

          {problem ? (
            <View className="form-error" data-testid="form-error">
              {problem}
            </View>
          ) : null}
          <View className="action-panel__submit-row">
            <Btn
              kind={kindOf(open) === 'danger' ? 'danger' : 'primary'}
              block
              disabled={pending}
              testId="action-submit"
              onClick={submit}
            >
              {pending ? zh.common.submitting : zh.actions.confirm(labelOf(open))}
            </Btn>
            <Btn block disabled={pending} testId="action-close" onClick={() => setOpen(null)}>
              {zh.common.collapse}
            </Btn>
          </View>
        </View>
      ) : null}
    </View>
  );
}
