import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { FigureSubjectType, ListPlace, ScoreGrade } from '@doorstep/contracts';
import { Street } from '../places/street.entity';

/**
 * A published 红黑榜 of a street's month. Never updated: publishing the month again makes version 2
 * with its reason, and both stay.
 */
@Entity('score_lists')
@Index('uq_score_lists_street_month_version', ['streetId', 'month', 'version'], { unique: true })
export class ScoreList {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  streetId: number;

  @ManyToOne(() => Street, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'street_id', foreignKeyConstraintName: 'fk_score_lists_street' })
  street?: Street;

  @Column({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @Column({ type: 'int' })
  schemeVersion: number;

  @Column({ type: 'int' })
  publishedById: number;

  /** As they were named when they published it. */
  @Column({ type: 'varchar', length: 64 })
  publishedByName: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}

/** One frozen row of a published list: a handler's place, or a compound's grade, with the figures behind it. */
@Entity('score_list_rows')
@Index('idx_score_list_rows_list', ['listId', 'kind', 'id'])
@Index('idx_score_list_rows_subject', ['subjectType', 'subjectId', 'listId'])
export class ScoreListRow {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  listId: number;

  @ManyToOne(() => ScoreList, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'list_id', foreignKeyConstraintName: 'fk_score_list_rows_list' })
  list?: ScoreList;

  @Column({ type: 'varchar', length: 8 })
  kind: 'handler' | 'compound';

  @Column({ type: 'varchar', length: 16 })
  subjectType: FigureSubjectType;

  @Column({ type: 'int' })
  subjectId: number;

  @Column({ type: 'varchar', length: 100 })
  subjectName: string;

  /** The score × 10 (one decimal, kept exact); null when it could not be computed. */
  @Column({ type: 'int', nullable: true })
  scoreTenths: number | null;

  @Column({ type: 'int', nullable: true })
  stars: number | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  grade: ScoreGrade | null;

  @Column({ type: 'int', nullable: true })
  rankNo: number | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  place: ListPlace;

  @Column({ type: 'int', default: 0 })
  vetoTickets: number;

  /** ScoreDeduction[] as JSON. */
  @Column({ type: 'text' })
  deductions: string;

  /** Figures as JSON: the numbers behind the place, as they were when published. */
  @Column({ type: 'text' })
  figures: string;
}
