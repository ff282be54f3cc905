import { useState } from 'react';
import { ENDPOINTS, LIMITS, type QrCodeView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { AdminPage } from '../../components/admin/AdminPage';
import { Field, FieldFrame } from '../../components/admin/Field';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { Tabs } from '../../components/Tabs';
import { formatTime } from '../../format';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { usePagedList } from '../../hooks/usePagedList';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allBuildings } from '../../services/admin';
import { deliverFile, fileUrl, type FileKind } from '../../services/files';
import { call, errorMessage } from '../../services/request';
import { confirmOnce, toast } from '../../services/toast';

const t = zhAdmin.qr;
type Target = 'compound' | 'building' | 'spot';
type Filter = 'active' | 'revoked';

const placeOf = (code: QrCodeView) => code.placeLabel ?? t.whole;

/** 二维码: the compound's codes; create one for the compound, a building or a spot; posters; revoke. */
export default function QrPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const buildings = useRemote(() => allBuildings(compoundId), compoundId, compoundId > 0);
  const [filter, setFilter] = useState<Filter>('active');
  const list = usePagedList(
    (cursor) => call(ENDPOINTS.listQrCodes, { query: { compoundId, active: filter === 'active', cursor, limit: 20 } }),
    `${compoundId}:${filter}`,
    compoundId > 0,
  );
  const [target, setTarget] = useState<Target>('building');
  const [buildingId, setBuildingId] = useState<number | null>(null);
  const [spot, setSpot] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const create = useSubmit(async () => {
    if (target === 'building' && buildingId === null) return setProblem(zhAdmin.households.chooseBuilding);
    if (target === 'spot' && !spot.trim()) return setProblem(zhAdmin.common.needValue + t.spotName);
    setProblem(null);
    try {
      await call(ENDPOINTS.createQrCode, {
        body: {
          compoundId,
          buildingId: target === 'compound' ? undefined : (buildingId ?? undefined),
          spotName: target === 'spot' ? spot.trim() : undefined,
        },
      });
      toast(t.created, 'success');
      setSpot('');
      setFilter('active');
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const revoke = useSubmit(async (code: QrCodeView) => {
    if (!(await confirmOnce(t.confirmRevoke(placeOf(code))))) return;
    try {
      await call(ENDPOINTS.revokeQrCode, { params: { id: code.id }, body: { version: code.version } });
      toast(t.revokedToast, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
    await list.reload();
  });

  const download = useSubmit(async (url: string, kind: FileKind, name: string) => {
    try {
      const how = await deliverFile(url, kind, name);
      if (how === 'saved' && kind === 'png') toast(t.saved, 'success');
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const form = (
    <View className="card" data-testid="qr-form">
      <View className="section__title">{t.createTitle}</View>
      <FieldFrame label={t.place} problem={problem}>
        <Choices
          items={(['compound', 'building', 'spot'] as const).map((k) => ({
            key: k,
            label: { compound: t.forCompound, building: t.forBuilding, spot: t.forSpot }[k],
          }))}
          value={target}
          onChange={(k) => setTarget(k)}
          testId="qr-target"
        />
      </FieldFrame>
      {target !== 'compound' ? (
        <FieldFrame label={zhAdmin.households.building} optional={target === 'spot'}>
          <Choices
            items={(buildings.data ?? []).map((b) => ({ key: b.id, label: b.name }))}
            value={buildingId}
            onChange={(key) => setBuildingId(buildingId === key && target === 'spot' ? null : key)}
            testId="qr-building"
          />
        </FieldFrame>
      ) : null}
      {target === 'spot' ? (
        <Field
          label={t.spotName}
          value={spot}
          onChange={setSpot}
          testId="qr-spot"
          placeholder={t.spotPlaceholder}
          maxlength={LIMITS.nameMax}
        />
      ) : null}
      <Btn kind="primary" block disabled={create.pending} testId="qr-create" onClick={() => void create.run()}>
        {create.pending ? zhAdmin.common.saving : t.create}
      </Btn>
      <Btn
        block
        disabled={download.pending}
        testId="qr-all-posters"
        onClick={() =>
          void download.run(fileUrl(ENDPOINTS.compoundPosters, { id: compoundId }), 'pdf', `qr-posters-${compoundId}.pdf`)
        }
      >
        {download.pending ? t.downloading : t.allPosters}
      </Btn>
    </View>
  );

  return (
    <AdminPage testId="qr-page" aside={form}>
      <Tabs
        items={[
          { key: 'active', label: t.filterActive },
          { key: 'revoked', label: t.filterRevoked },
        ]}
        value={filter}
        onChange={setFilter}
      />
      <PagedRecords
        list={list}
        testId="qr-codes"
        empty={t.empty}
        rowKey={(c) => c.id}
        columns={[
          { key: 'place', title: t.place, primary: true, render: placeOf },
          {
            key: 'status',
            title: t.status,
            render: (c) => (
              <View className={c.revokedAt ? 'admin-badge admin-badge--off' : 'admin-badge'} data-testid={`qr-status-${c.id}`}>
                {c.revokedAt ? t.revoked : t.active}
              </View>
            ),
          },
          { key: 'at', title: t.createdAt, render: (c) => formatTime(c.createdAt) },
        ]}
        actions={(c) =>
          c.revokedAt ? null : (
            <View className="admin-toolbar">
              <Btn
                size="small"
                disabled={download.pending}
                testId={`qr-png-${c.id}`}
                onClick={() => void download.run(fileUrl(ENDPOINTS.qrPosterPng, { id: c.id }), 'png', `qr-${c.id}.png`)}
              >
                {t.posterPng}
              </Btn>
              <Btn
                size="small"
                disabled={download.pending}
                testId={`qr-pdf-${c.id}`}
                onClick={() => void download.run(fileUrl(ENDPOINTS.qrPosterPdf, { id: c.id }), 'pdf', `qr-${c.id}.pdf`)}
              >
                {t.posterPdf}
              </Btn>
              <Btn
                kind="danger"
                size="small"
                disabled={revoke.pending}
                testId={`qr-revoke-${c.id}`}
                onClick={() => void revoke.run(c)}
              >
                {t.revoke}
              </Btn>
            </View>
          )
        }
      />
    </AdminPage>
  );
}
