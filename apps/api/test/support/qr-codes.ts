import type { DataSource } from 'typeorm';
import { QrCode } from '../../src/qr/qr-code.entity';
import { newQrToken } from '../../src/qr/qr-token';

/** A QR code row written directly, for tests that need one to exist. */
export function qrCodeRow(db: DataSource, compoundId: number, fields: Partial<QrCode> = {}): Promise<QrCode> {
  const repo = db.getRepository(QrCode);
  return repo.save(
    repo.create({
      compoundId,
      buildingId: null,
      spotName: null,
      createdBy: null,
      revokedAt: null,
      token: newQrToken(),
      ...fields,
    }),
  );
}
