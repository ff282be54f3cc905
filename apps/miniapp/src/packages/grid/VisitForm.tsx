import { useState } from 'react';
import {
  FOLLOW_UP_OUTCOMES,
  VISIT_KIND_LABELS,
  VISIT_KINDS,
  VISIT_LIMITS,
  VISIT_OUTCOME_LABELS,
  VISIT_OUTCOMES,
  type CategoryView,
  type FollowUpOutcome,
  type NewVisit,
  type VisitKind,
  type VisitOutcome,
} from '@doorstep/contracts';
import { Textarea, View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { FieldFrame } from '../../components/admin/Field';
import { Btn } from '../../components/Btn';
import { PhotoGrid, type PhotoTile } from '../../components/PhotoGrid';
import { zhGrid } from '../../i18n/grid';
// FieldFrame's label and problem styles.
import '../../components/admin/admin.scss';

const t = zhGrid.visit;
const FOLLOW_UP_LABELS: Record<FollowUpOutcome, string> = { satisfied: t.satisfied, unsatisfied: t.unsatisfied };

/** What the form gives back: the visit's fields; the page adds the household and the photos. */
export type VisitDraft = Pick<NewVisit, 'kind' | 'outcome' | 'notes' | 'request' | 'followUp'>;

interface Props {
  initial: VisitDraft;
  /** A 回访 of this ticket: the kind is fixed and the result required. */
  followUp?: { ticketId: number; ticketNo: string };
  /** 诉求 categories; null when they could not be loaded (offline). */
  categories: CategoryView[] | null;
  /** A public place, not a household: no 诉求 (a ticket is filed for a household). */
  atPlace?: boolean;
  photos: { tiles: PhotoTile[]; onAdd: () => void; onRemove: (key: string) => void };
  pending: boolean;
  onSave: (draft: VisitDraft) => void;
}

/** 记录走访: kind, outcome, notes, photos and an optional 诉求 that becomes a ticket. */
export function VisitForm({ initial, followUp, categories, atPlace = false, photos, pending, onSave }: Props) {
  const [kind, setKind] = useState<VisitKind>(followUp ? 'follow_up' : initial.kind);
  const [outcome, setOutcome] = useState<VisitOutcome>(initial.outcome);
  const [notes, setNotes] = useState(initial.notes ?? '');
  const [result, setResult] = useState<FollowUpOutcome | null>(initial.followUp?.outcome ?? null);
  const [asking, setAsking] = useState(Boolean(initial.request));
  const [categoryId, setCategoryId] = useState<number | null>(initial.request?.categoryId ?? null);
  const [description, setDescription] = useState(initial.request?.description ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  // The server takes a 诉求 and a 回访 only from a visit where the resident was met.
  const met = outcome === 'met';
  const save = () => {
    if (followUp && !result) return setProblem(t.needFollowUp);
    const withRequest = asking && met && !atPlace;
    if (withRequest && categoryId === null) return setProblem(t.needCategory);
    if (withRequest && description.trim().length < 2) return setProblem(t.needDescription);
    setProblem(null);
    onSave({
      kind,
      outcome: followUp ? 'met' : outcome,
      notes: notes.trim() || undefined,
      request: withRequest && categoryId !== null ? { categoryId, description: description.trim() } : undefined,
      followUp: followUp && result ? { ticketId: followUp.ticketId, outcome: result } : undefined,
    });
  };

  return (
    <View className="card" data-testid="visit-form">
      {followUp ? (
        <FieldFrame label={t.followUpResult}>
          <View className="muted">{t.followUpFor(followUp.ticketNo)}</View>
          <Choices
            items={FOLLOW_UP_OUTCOMES.map((o) => ({ key: o, label: FOLLOW_UP_LABELS[o] }))}
            value={result}
            onChange={setResult}
            testId="visit-follow-up"
          />
        </FieldFrame>
      ) : (
        <FieldFrame label={t.kind}>
          <Choices
            items={VISIT_KINDS.filter((k) => k !== 'follow_up').map((k) => ({ key: k, label: VISIT_KIND_LABELS[k] }))}
            value={kind}
            onChange={setKind}
            testId="visit-kind"
          />
        </FieldFrame>
      )}
      {followUp ? null : (
        <FieldFrame label={t.outcome}>
          <Choices
            items={VISIT_OUTCOMES.map((o) => ({ key: o, label: VISIT_OUTCOME_LABELS[o] }))}
            value={outcome}
            onChange={setOutcome}
            testId="visit-outcome"
          />
        </FieldFrame>
      )}
      <FieldFrame label={t.notes} optional>
        <Textarea
          className="field field--area"
          value={notes}
          maxlength={VISIT_LIMITS.notesMax}
          placeholder={t.notesPlaceholder}
          data-testid="visit-notes"
          onInput={(e) => setNotes(e.detail.value.slice(0, VISIT_LIMITS.notesMax))}
        />
      </FieldFrame>
      <FieldFrame label={t.photos(photos.tiles.length, VISIT_LIMITS.photosMax)}>
        <PhotoGrid photos={photos.tiles} max={VISIT_LIMITS.photosMax} onAdd={photos.onAdd} onRemove={photos.onRemove} />
      </FieldFrame>
      {followUp || atPlace || !met ? null : (
        <RequestFields
          asking={asking}
          onAsking={setAsking}
          categories={categories}
          categoryId={categoryId}
          onCategory={setCategoryId}
          description={description}
          onDescription={setDescription}
        />
      )}
      {problem ? (
        <View className="admin-field__problem" role="alert" data-testid="form-error">
          {problem}
        </View>
      ) : null}
      <Btn kind="primary" block disabled={pending} testId="visit-save" onClick={save}>
        {t.save}
      </Btn>
    </View>
  );
}

interface RequestProps {
  asking: boolean;
  onAsking: (asking: boolean) => void;
  categories: CategoryView[] | null;
  categoryId: number | null;
  onCategory: (id: number) => void;
  description: string;
  onDescription: (text: string) => void;
}

/** 诉求 → a ticket on the household's behalf: its category and what the resident asked for. */
function RequestFields(p: RequestProps) {
  if (!p.asking) {
    return (
      <Btn block testId="visit-request-add" onClick={() => p.onAsking(true)}>
        {t.requestAdd}
      </Btn>
    );
  }
  return (
    <FieldFrame label={t.request}>
      {p.categories === null ? (
        <View className="muted" data-testid="visit-request-offline">
          {t.requestOffline}
        </View>
      ) : (
        <Choices
          items={p.categories.map((c) => ({ key: c.id, label: c.name }))}
          value={p.categoryId}
          onChange={p.onCategory}
          testId="visit-category"
        />
      )}
      <Textarea
        className="field field--area"
        value={p.description}
        maxlength={VISIT_LIMITS.notesMax}
        placeholder={t.requestPlaceholder}
        data-testid="visit-request"
        onInput={(e) => p.onDescription(e.detail.value.slice(0, VISIT_LIMITS.notesMax))}
      />
      <Btn size="small" testId="visit-request-remove" onClick={() => p.onAsking(false)}>
        {t.requestRemove}
      </Btn>
    </FieldFrame>
  );
}
