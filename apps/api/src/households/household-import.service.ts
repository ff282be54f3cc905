import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { HouseholdImportResult } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { unprocessable } from '../common/errors/domain-error';
import { Building } from '../places/building.entity';
import { Household } from './household.entity';
import { HouseholdTag } from './household-tag.entity';
import { validateSheet, type HouseholdRow } from './household-sheet';
import { SheetReader } from './sheet-reader';
import { replaceTags } from './households.service';

const CHUNK = 500;

/**
 * Household lists from CSV or XLSX. All-or-nothing: any bad row rejects the whole file with every
 * problem listed; a good file is applied in one transaction (new buildings, new households, updates
 * to existing ones), so importing the same file twice changes nothing the second time.
 */
@Injectable()
export class HouseholdImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly sheets: SheetReader,
  ) {}

  async import(caller: Caller, compoundId: number, file: Buffer, dryRun: boolean): Promise<HouseholdImportResult> {
    await this.access.require(caller, 'household.import', { type: 'compound', id: compoundId });
    const sheet = validateSheet(await this.sheets.read(file));
    if (sheet.errors.length) throw unprocessable('IMPORT_INVALID_ROWS', sheet.errors);
    // Care tags are for grid workers and the community: anyone else's tags column is set aside, not
    // applied (and dry runs must not reveal which tags a household has).
    const mayTag = await this.access.can(caller, 'household.care', { type: 'compound', id: compoundId });
    const rows = mayTag ? sheet.rows : sheet.rows.map((r) => ({ ...r, careTags: undefined }));
    const ignoredColumns = sheet.hasTags && !mayTag ? ['标签'] : [];
    const run = async (tx: EntityManager) => this.apply(tx, compoundId, rows);
    if (!dryRun) return { dryRun, rows: rows.length, ignoredColumns, ...(await this.db.transaction(run)) };
    // A dry run does the same work and throws it away, so its counts are exactly what a real run would do.
    const runner = this.db.createQueryRunner();
    await runner.startTransaction();
    try {
      return { dryRun, rows: rows.length, ignoredColumns, ...(await run(runner.manager)) };
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async apply(tx: EntityManager, compoundId: number, rows: HouseholdRow[]) {
    const buildings = new Map((await tx.find(Building, { where: { compoundId } })).map((b) => [b.name, b.id]));
    let buildingsCreated = 0;
    for (const name of new Set(rows.map((r) => r.building))) {
      if (buildings.has(name)) continue;
      const saved = await tx.save(tx.create(Building, { compoundId, name, gridId: null }));
      buildings.set(name, saved.id);
      buildingsCreated++;
    }
    const existing = new Map(
      (await tx.find(Household, { where: { compoundId } })).map((h) => [`${h.buildingId}\u0000${h.unit}\u0000${h.room}`, h]),
    );
    const tagsOf = new Map<number, string>();
    for (const t of await tx.find(HouseholdTag, { where: { householdId: In([...existing.values()].map((h) => h.id)) } })) {
      tagsOf.set(t.householdId, [tagsOf.get(t.householdId), t.tag].filter(Boolean).sort().join(','));
    }
    const toInsert: Array<Partial<Household> & { row: HouseholdRow }> = [];
    let updated = 0;
    for (const row of rows) {
      const buildingId = buildings.get(row.building)!;
      const current = existing.get(`${buildingId}\u0000${row.unit}\u0000${row.room}`);
      if (!current) {
        toInsert.push({
          compoundId,
          buildingId,
          unit: row.unit,
          room: row.room,
          areaHundredths: row.areaHundredths,
          ownerName: row.ownerName ?? null,
          ownerPhone: row.ownerPhone ?? null,
          row,
        });
        continue;
      }
      // Columns the sheet does not have are left as they are.
      const changes: Partial<Household> = { areaHundredths: row.areaHundredths };
      if (row.ownerName !== undefined) changes.ownerName = row.ownerName;
      if (row.ownerPhone !== undefined) changes.ownerPhone = row.ownerPhone;
      const changed = (Object.keys(changes) as Array<keyof Household>).some((k) => current[k] !== changes[k]);
      if (changed) {
        await tx.createQueryBuilder().update(Household).set(changes).where('id = :id', { id: current.id }).execute();
      }
      const tagsChanged = row.careTags !== undefined && [...row.careTags].sort().join(',') !== (tagsOf.get(current.id) ?? '');
      if (tagsChanged) await replaceTags(tx, current.id, row.careTags!);
      if (changed || tagsChanged) updated++;
    }
    for (let i = 0; i < toInsert.length; i += CHUNK) {
      await tx.insert(
        Household,
        toInsert.slice(i, i + CHUNK).map(({ row: _row, ...h }) => h),
      );
    }
    const tagged = toInsert.filter((h) => h.row.careTags?.length);
    if (tagged.length) {
      // Multi-row insert ids are not reported alike by every driver: read them back by their unique key.
      const ids = new Map(
        (await tx.find(Household, { where: { compoundId }, select: { id: true, buildingId: true, unit: true, room: true } })).map(
          (h) => [`${h.buildingId}\u0000${h.unit}\u0000${h.room}`, h.id],
        ),
      );
      for (const h of tagged) await replaceTags(tx, ids.get(`${h.buildingId}\u0000${h.unit}\u0000${h.room}`)!, h.row.careTags!);
    }
    return { created: toInsert.length, updated, buildingsCreated };
  }
}
