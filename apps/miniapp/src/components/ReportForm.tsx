import { useState } from 'react';
import {
  COMPLAINT_TARGETS,
  COMPLAINT_TARGET_LABELS,
  LIMITS,
  type CategoryView,
  type ComplaintTarget,
  type SimilarTicketView,
} from '@doorstep/contracts';
import { Input, Picker, Switch, Textarea, View } from '@tarojs/components';

import { shanghaiDate, shanghaiToIso } from '../format';
import { zh } from '../i18n/zh';
import { Btn } from './Btn';
import { CategoryGrid } from './CategoryGrid';
import { cx } from './cx';
import { PhotoGrid, type PhotoTile } from './PhotoGrid';
import { SimilarTickets } from './SimilarTickets';
import './ReportForm.scss';

/** What the resident filled in; the page's hook turns it into a CreateTicketRequest. */
export interface ReportDraft {
  category: CategoryView;
  description: string;
  location: string;
  /** The problem is in the resident's own home (only offered when they have one here). */
  atHome: boolean;
  /** 预约上门时间 as UTC ISO, repairs only. */
  visitAt: string | null;
  complaintTarget: ComplaintTarget | null;
  anonymous: boolean;
}

interface Props {
  /** Where the report is about, in words: 幸福里小区 1号楼. */
  placeLabel: string;
  /** The resident's own home in this compound, if any: offered as the place. */
  homeLabel?: string | null;
  /**
   * Start with the home chosen: reporting from the app (no code scanned), or a verified resident
   * scanning the stairwell code of the building they live in. A garage or compound code names a
   * public place, so the form starts with that.
   */
  preferHome?: boolean;
  categories: CategoryView[];
  /** 已有人反映: open tickets of the chosen category at this place. */
  similar: SimilarTicketView[];
  followingId: number | null;
  onFollow: (id: number) => void;
  photos: PhotoTile[];
  /** Why the last pick added nothing (a file that is not a photo), until the next pick. */
  photoError?: string | null;
  maxPhotos?: number;
  onAddPhotos: () => void;
  onRemovePhoto: (key: string) => void;
  submitting: boolean;
  onCategoryChange: (category: CategoryView) => void;
  onSubmit: (draft: ReportDraft) => void;
}

const VISIT_DAYS_AHEAD = 14;
const DESCRIPTION_MIN = 2;
const DESCRIPTION_MAX = LIMITS.ticketDescriptionMax;

/** The report page's form: category tiles, description, place, visit time, photos, duplicates. */
export function ReportForm(props: Props) {
  const { categories, photos, submitting, maxPhotos = LIMITS.photosPerTicketMax } = props;
  const [category, setCategory] = useState<CategoryView | null>(null);
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  // null until the resident chooses: the home may only become known after the form is shown.
  const [homeChoice, setAtHome] = useState<boolean | null>(null);
  const atHome = Boolean(props.homeLabel) && (homeChoice ?? Boolean(props.preferHome));
  const [visitDate, setVisitDate] = useState('');
  const [visitTime, setVisitTime] = useState('');
  const [target, setTarget] = useState<ComplaintTarget>('company');
  const [anonymous, setAnonymous] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const today = shanghaiDate();
  const lastDay = shanghaiDate(Date.now() + VISIT_DAYS_AHEAD * 86_400_000);

  const choose = (next: CategoryView) => {
    setCategory(next);
    setProblem(null);
    props.onCategoryChange(next);
  };

  const submit = () => {
    if (submitting) return;
    if (!category) return setProblem(zh.report.needCategory);
    if (description.trim().length < DESCRIPTION_MIN) return setProblem(zh.report.needDescription);
    if (photos.some((p) => p.status === 'uploading')) return setProblem(zh.report.photosBusy);
    if (photos.some((p) => p.status === 'failed')) return setProblem(zh.report.photoUploadFailed);
    setProblem(null);
    const isRepair = category.kind === 'repair';
    const isComplaint = category.kind === 'complaint';
    props.onSubmit({
      category,
      description: description.trim(),
      location: location.trim(),
      atHome,
      visitAt: isRepair && visitDate ? shanghaiToIso(visitDate, visitTime || '09:00') : null,
      complaintTarget: isComplaint ? target : null,
      anonymous: isComplaint && anonymous,
    });
  };

  return (
    <View className="report-form" data-testid="report-form">
      <View className="card">
        <View className="report-form__label">{zh.report.place}</View>
        <View className="report-form__place" data-testid="report-place">
          {props.placeLabel}
        </View>
        {props.homeLabel ? (
          <View className="report-form__choices">
            <View
              className={cx('chip', atHome && 'chip--active')}
              role="button"
              aria-pressed={atHome}
              data-testid="place-home"
              data-active={atHome ? 'true' : 'false'}
              onClick={() => setAtHome(true)}
            >
              {zh.report.placeHome(props.homeLabel)}
            </View>
            <View
              className={cx('chip', !atHome && 'chip--active')}
              role="button"
              aria-pressed={!atHome}
              data-testid="place-public"
              data-active={atHome ? 'false' : 'true'}
              onClick={() => setAtHome(false)}
            >
              {zh.report.placePublic}
            </View>
          </View>
        ) : null}
        {/* The example is a visible line that wraps: as a placeholder it was cut off on a small phone. */}
        <View className="report-form__sublabel">{zh.report.locationLabel}</View>
        <View className="muted report-form__hint" data-testid="location-hint">
          {zh.report.locationHint}
        </View>
        <Input
          className="field"
          value={location}
          maxlength={60}
          data-testid="report-location"
          onInput={(e) => setLocation(e.detail.value)}
        />
      </View>

      <View className="card">
        <View className="report-form__label">{zh.report.categoryTitle}</View>
        <CategoryGrid categories={categories} selectedId={category?.id ?? null} onSelect={choose} />
      </View>

      <SimilarTickets items={props.similar} pendingId={props.followingId} onFollow={props.onFollow} />

      <View className="card">
        <View className="report-form__label">{zh.report.descriptionTitle}</View>
        <Textarea
          className="field field--area"
          value={description}
          maxlength={DESCRIPTION_MAX}
          placeholder={zh.report.descriptionPlaceholder}
          data-testid="report-description"
          onInput={(e) => {
            // Capped here too: a paste past the limit is cut, and the line below says so.
            setDescription(e.detail.value.slice(0, DESCRIPTION_MAX));
            if (problem) setProblem(null);
          }}
        />
        <View
          className={cx('report-form__count', description.length >= DESCRIPTION_MAX && 'report-form__count--full')}
          data-testid="description-count"
        >
          {zh.report.descriptionCount(description.length, DESCRIPTION_MAX)}
        </View>
        {description.length >= DESCRIPTION_MAX ? (
          <View className="form-error" data-testid="description-limit">
            {zh.report.descriptionLimit(DESCRIPTION_MAX)}
          </View>
        ) : null}
      </View>

      {category?.kind === 'complaint' ? (
        <View className="card">
          <View className="report-form__label">{zh.report.complaintTarget}</View>
          <View className="report-form__choices">
            {COMPLAINT_TARGETS.map((t) => (
              <View
                key={t}
                className={cx('chip', target === t && 'chip--active')}
                data-testid={`target-${t}`}
                onClick={() => setTarget(t)}
              >
                {COMPLAINT_TARGET_LABELS[t]}
              </View>
            ))}
          </View>
          <View className="report-form__row">
            <View>{zh.report.anonymous}</View>
            <Switch
              className="switch"
              checked={anonymous}
              data-testid="report-anonymous"
              onChange={(e) => setAnonymous(e.detail.value)}
            />
          </View>
        </View>
      ) : null}

      {category?.kind === 'repair' ? (
        <View className="card">
          <View className="report-form__label">{zh.report.visitTitle}</View>
          <View className="report-form__choices">
            <Picker
              mode="date"
              value={visitDate || today}
              start={today}
              end={lastDay}
              onChange={(e) => setVisitDate(String(e.detail.value))}
            >
              <View className={cx('chip', Boolean(visitDate) && 'chip--active')} data-testid="visit-date">
                {visitDate || zh.report.visitDate}
              </View>
            </Picker>
            <Picker mode="time" value={visitTime || '09:00'} onChange={(e) => setVisitTime(String(e.detail.value))}>
              <View className={cx('chip', Boolean(visitTime) && 'chip--active')} data-testid="visit-time">
                {visitTime || zh.report.visitTime}
              </View>
            </Picker>
            {visitDate || visitTime ? (
              <View
                className="chip"
                onClick={() => {
                  setVisitDate('');
                  setVisitTime('');
                }}
              >
                {zh.report.visitClear}
              </View>
            ) : null}
          </View>
        </View>
      ) : null}

      <View className="card">
        <View className="report-form__label">{zh.report.photosTitle(photos.length, maxPhotos)}</View>
        {props.photoError ? (
          <View className="form-error" role="alert" data-testid="photo-error">
            {props.photoError}
          </View>
        ) : null}
        <PhotoGrid
          photos={photos}
          max={maxPhotos}
          disabled={submitting}
          onAdd={props.onAddPhotos}
          onRemove={props.onRemovePhoto}
        />
      </View>

      {problem ? (
        <View className="form-error" data-testid="form-error">
          {problem}
        </View>
      ) : null}
      <Btn kind="primary" block disabled={submitting} testId="report-submit" onClick={submit}>
        {submitting ? zh.common.submitting : zh.report.submit}
      </Btn>
    </View>
  );
}
