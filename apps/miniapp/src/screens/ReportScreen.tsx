import Taro from '@tarojs/taro';
import { LIMITS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { ReportForm } from '../components/ReportForm';
import { Screen } from '../components/Screen';
import { QrDeadEnd } from '../components/QrDeadEnd';
import { StatusView } from '../components/StatusView';
import { useMe } from '../hooks/useMe';
import { intParam, usePageParams } from '../hooks/usePageParams';
import { usePhotoUploads } from '../hooks/usePhotoUploads';
import { useReport } from '../hooks/useReport';
import { useSession } from '../hooks/useSession';
import { zh } from '../i18n/zh';
import { knownCompounds } from '../services/home';
import { hasCodeParam, qrTokenFromLaunch } from '../services/launch';
import { goHome } from '../services/navigation';
import { isUnknownCode } from '../services/tickets';
import { SignInPanel } from './SignInPanel';

/** 报事: opened from a scanned code (place filled in) or from a compound the resident picked. */
export function ReportScreen() {
  const params = usePageParams();
  const qr = qrTokenFromLaunch(params);
  const compoundId = qr ? null : intParam(params.compoundId);
  const session = useSession();
  const me = useMe(session.signedIn ? (session.user?.id ?? null) : null);
  const report = useReport({ qr, compoundId }, me.data, session.signedIn);
  const photos = usePhotoUploads(LIMITS.photosPerTicketMax);
  const place = report.place;

  // A code that cannot be a token, or one the server no longer knows (revoked, replaced): retrying
  // cannot help, so the page says what happened and offers the ways on.
  const deadCode = (!qr && hasCodeParam(params)) || (qr !== null && isUnknownCode(place.failure));
  if (deadCode) {
    return (
      <Screen>
        <QrDeadEnd
          compounds={knownCompounds(me.data?.memberships ?? [], session.recentCompounds)}
          signedIn={session.signedIn}
          onPick={(id) => void Taro.redirectTo({ url: `/packages/resident/report?compoundId=${id}` })}
          onHome={goHome}
        />
      </Screen>
    );
  }
  if (!qr && !compoundId) return <Screen>{<StatusView kind="error" text={zh.errors.badLink} />}</Screen>;
  if (!place.data) {
    return (
      <Screen>
        {place.error ? (
          <StatusView kind="error" text={place.error} onRetry={() => void place.reload()} />
        ) : (
          <StatusView kind="loading" />
        )}
      </Screen>
    );
  }

  const here = place.data;
  const links = (
    <View className="card">
      <View
        className="link-row"
        data-testid="report-board"
        onClick={() => void Taro.navigateTo({ url: `/packages/resident/board?compoundId=${here.compoundId}` })}
      >
        {zh.report.viewBoard}
        <View>›</View>
      </View>
      {session.signedIn && !report.home ? (
        <View
          className="link-row"
          data-testid="report-bind"
          onClick={() => void Taro.navigateTo({ url: `/packages/resident/households?compoundId=${here.compoundId}` })}
        >
          {zh.report.bindHousehold}
          <View>›</View>
        </View>
      ) : null}
    </View>
  );

  if (!session.signedIn) {
    return (
      <Screen>
        <View className="card">
          <View className="form-label">{zh.report.place}</View>
          <View data-testid="report-place">{here.label}</View>
        </View>
        <SignInPanel hint={zh.signInGate.text} />
        {links}
      </Screen>
    );
  }

  return (
    <Screen>
      {here.categories.length === 0 ? (
        <StatusView kind="empty" text={zh.report.noCategories} />
      ) : (
        <ReportForm
          key={here.compoundId}
          placeLabel={here.label}
          homeLabel={report.home?.label ?? null}
          preferHome={!qr || Boolean(report.home?.inScannedBuilding)}
          categories={here.categories}
          similar={report.similar}
          followingId={report.followingId}
          onFollow={report.follow}
          photos={photos.tiles}
          photoError={photos.error}
          maxPhotos={photos.max}
          onAddPhotos={() => void photos.add()}
          onRemovePhoto={photos.remove}
          submitting={report.submitting}
          onCategoryChange={report.chooseCategory}
          onSubmit={(draft) => report.submit(draft, photos.ids)}
        />
      )}
      {links}
    </Screen>
  );
}
