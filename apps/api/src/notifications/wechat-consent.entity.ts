import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Each tap on 允许 in wx.requestSubscribeMessage allows one message of that template. */
@Entity('wechat_consents')
export class WechatConsent {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'int', default: 0 })
  remaining: number;
}
