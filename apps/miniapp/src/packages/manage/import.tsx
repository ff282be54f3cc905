import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { HouseholdImportResult, ImportRowError } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { AdminPage } from '../../components/admin/AdminPage';
import { RecordTable } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { importHouseholds } from '../../services/admin';
import { pickSheet, type PickedSheet } from '../../services/sheets';
import { errorMessage, isApiError } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.households;

type Check =
  | { kind: 'ok'; result: HouseholdImportResult }
  | { kind: 'rows'; errors: ImportRowError[] }
  | { kind: 'failed'; message: string };

/**
 * 导入住户: pick a CSV/XLSX sheet, have the server check every row without writing anything (a dry run),
 * show what is wrong or what would change, and import only when the person confirms a clean check.
 */
export default function ImportPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const [sheet, setSheet] = useState<PickedSheet | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [done, setDone] = useState<HouseholdImportResult | null>(null);

  const send = async (picked: PickedSheet, dryRun: boolean): Promise<Check> => {
    try {
      return { kind: 'ok', result: await importHouseholds(compoundId, picked.source, picked.name, dryRun) };
    } catch (err) {
      if (isApiError(err) && err.code === 'IMPORT_INVALID_ROWS' && Array.isArray(err.details)) {
        return { kind: 'rows', errors: err.details as ImportRowError[] };
      }
      return { kind: 'failed', message: errorMessage(err) };
    }
  };

  const choose = useSubmit(async () => {
    const picked = await pickSheet();
    if (picked === 'refused') return toast(t.notASheet);
    if (!picked) return;
    setSheet(picked);
    setDone(null);
    setCheck(null);
    setCheck(await send(picked, true));
  });

  const commit = useSubmit(async () => {
    if (!sheet) return;
    const outcome = await send(sheet, false);
    if (outcome.kind === 'ok') {
      setDone(outcome.result);
      setCheck(null);
      setSheet(null);
      toast(t.imported(outcome.result.created, outcome.result.updated), 'success');
    } else setCheck(outcome);
  });

  return (
    <AdminPage testId="import-page">
      <View className="card">
        <View className="section__title">{t.importTitle}</View>
        <View className="muted" style={{ marginBottom: '16px' }}>
          {t.importHelp}
        </View>
        <Btn
          kind="primary"
          block
          disabled={choose.pending || commit.pending}
          testId="import-pick"
          onClick={() => void choose.run()}
        >
          {choose.pending ? t.checking : process.env.TARO_ENV === 'weapp' ? t.pickFromChat : t.pickFile}
        </Btn>
        {sheet ? (
          <View className="muted" style={{ marginTop: '12px' }} data-testid="import-file">
            {sheet.name}
          </View>
        ) : null}
      </View>

      {check?.kind === 'failed' ? (
        <View className="card admin-field__problem" role="alert" data-testid="import-failed">
          {check.message}
        </View>
      ) : null}

      {check?.kind === 'rows' ? (
        <View data-testid="import-errors">
          <View className="card admin-field__problem" role="alert">
            {t.rowErrors(check.errors.length)}
          </View>
          <RecordTable
            rows={check.errors}
            rowKey={(e) => `${e.row}:${e.column}:${e.message}`}
            empty=""
            columns={[
              { key: 'where', title: t.where, primary: true, render: (e) => t.row(e.row, e.column) },
              { key: 'what', title: t.what, render: (e) => e.message },
            ]}
          />
        </View>
      ) : null}

      {check?.kind === 'ok' ? (
        <View className="card" data-testid="import-preview">
          <View style={{ marginBottom: '16px' }}>{t.checkOk(check.result.rows, check.result.created, check.result.updated)}</View>
          {check.result.ignoredColumns.length ? (
            <View className="muted" style={{ marginBottom: '16px' }}>
              {t.ignored(check.result.ignoredColumns.join('、'))}
            </View>
          ) : null}
          <Btn kind="primary" block disabled={commit.pending} testId="import-confirm" onClick={() => void commit.run()}>
            {commit.pending ? t.importing : t.confirmImport}
          </Btn>
        </View>
      ) : null}

      {done ? (
        <View className="card" data-testid="import-done">
          {t.imported(done.created, done.updated)}
          <Btn block testId="import-back" onClick={() => void Taro.navigateBack()}>
            {zhAdmin.households.title}
          </Btn>
        </View>
      ) : null}
    </AdminPage>
  );
}
