import type { CategoryView, QrCodeView, QrScanView } from '@doorstep/contracts';
import { iso, isoOrNull } from '../common/time';
import type { QrCode } from './qr-code.entity';
import { qrReportUrl } from './qr-token';

/** Building and spot in words (3号楼 地下车库); null when the code stands for the whole compound. */
export function qrPlaceLabel(buildingName: string | null | undefined, spotName: string | null): string | null {
  return [buildingName, spotName].filter(Boolean).join(' ') || null;
}

/** Expects `compound` and `building` loaded. */
export function qrCodeView(q: QrCode, publicBaseUrl: string): QrCodeView {
  return {
    id: q.id,
    token: q.token,
    compoundId: q.compoundId,
    compoundName: q.compound?.name ?? '',
    buildingId: q.buildingId,
    buildingName: q.building?.name ?? null,
    spotName: q.spotName,
    placeLabel: qrPlaceLabel(q.building?.name, q.spotName),
    url: qrReportUrl(publicBaseUrl, q.token),
    revokedAt: isoOrNull(q.revokedAt),
    version: q.version,
    createdAt: iso(q.createdAt),
  };
}

/** Expects `compound` and `building` loaded. */
export function qrScanView(q: QrCode, categories: CategoryView[]): QrScanView {
  return {
    token: q.token,
    compound: { id: q.compoundId, name: q.compound!.name, address: q.compound!.address },
    building: q.building ? { id: q.building.id, name: q.building.name } : null,
    spotName: q.spotName,
    placeLabel: qrPlaceLabel(q.building?.name, q.spotName),
    categories,
  };
}
