import { AuthChange } from '../../auth/auth-change.entity';
import { RateLimitBucket } from '../../auth/rate-limit-bucket.entity';
import { Session } from '../../auth/session.entity';
import { RateLimitBuckets1764420000000 } from '../../migrations/1764420000000-rate-limit-buckets';
import { AuthChanges1764420000001 } from '../../migrations/1764420000001-auth-changes';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { Tickets1764200000000 } from '../../migrations/1764200000000-tickets';
import { DefaultCategories1764200000001 } from '../../migrations/1764200000001-default-categories';
import { TicketCompoundIndexes1764300000000 } from '../../migrations/1764300000000-ticket-compound-indexes';
import { NotificationUnreadIndex1764400000000 } from '../../migrations/1764400000000-notification-unread-index';
import { Notification } from '../../notifications/notification.entity';
import { WechatConsent } from '../../notifications/wechat-consent.entity';
import { Category } from '../../categories/category.entity';
import { CategoryOverride } from '../../categories/category-override.entity';
import { CategoryOverrides1764500000000 } from '../../migrations/1764500000000-category-overrides';
import { TicketAssigneeResolvedIndex1764600000000 } from '../../migrations/1764600000000-ticket-assignee-resolved-index';
import { Ticket } from '../../tickets/ticket.entity';
import { TicketEvent } from '../../tickets/ticket-event.entity';
import { TicketFollower } from '../../tickets/ticket-follower.entity';
import { Household } from '../../households/household.entity';
import { HouseholdTag } from '../../households/household-tag.entity';
import { Membership } from '../../memberships/membership.entity';
import { Foundation1764000000000 } from '../../migrations/1764000000000-foundation';
import { Building } from '../../places/building.entity';
import { Community } from '../../places/community.entity';
import { PropertyCompany } from '../../places/company.entity';
import { Compound } from '../../places/compound.entity';
import { Grid } from '../../places/grid.entity';
import { Street } from '../../places/street.entity';
import { RoleAssignment } from '../../users/role-assignment.entity';
import { User } from '../../users/user.entity';
import { Uploads1764150000000 } from '../../migrations/1764150000000-uploads';
import { Upload } from '../../uploads/upload.entity';
import { QrCodes1764100000000 } from '../../migrations/1764100000000-qr-codes';
import { QrCode } from '../../qr/qr-code.entity';
import { Billing1764700000000 } from '../../migrations/1764700000000-billing';
import { Bill } from '../../payments/bill.entity';
import { BillingRun } from '../../payments/billing-run.entity';
import { FeeItem } from '../../payments/fee-item.entity';
import { OfflinePayments1764800000000 } from '../../migrations/1764800000000-offline-payments';
import { Payment } from '../../payments/payment.entity';
import { PaymentAllocation } from '../../payments/payment-allocation.entity';
import { PaymentReversal } from '../../payments/payment-reversal.entity';
import { ReceiptCounter } from '../../payments/receipt-counter.entity';
import { BillReminders1764900000000 } from '../../migrations/1764900000000-bill-reminders';
import { BillReminder } from '../../payments/bill-reminder.entity';
import { WechatPay1765000000000 } from '../../migrations/1765000000000-wechat-pay';
import { BillingSettings1765150000000 } from '../../migrations/1765150000000-billing-settings';
import { BillingSettings } from '../../payments/billing-settings.entity';
import { PaymentRefund } from '../../payments/payment-refund.entity';
import { RefundAllocation } from '../../payments/refund-allocation.entity';
import { WechatNotificationReject } from '../../payments/wechat/wechat-notification-reject.entity';
import { WechatOrderBill } from '../../payments/wechat/wechat-order-bill.entity';
import { WechatOrder } from '../../payments/wechat/wechat-order.entity';
import { WechatReconciliation1765100000000 } from '../../migrations/1765100000000-wechat-reconciliation';
import { WechatReconciliation } from '../../payments/wechat/wechat-reconciliation.entity';
import { WechatReconciliationItem } from '../../payments/wechat/wechat-reconciliation-item.entity';
import { Visit } from '../../visits/visit.entity';
import { CareFrequency } from '../../visits/care-frequency.entity';
import { Visits1765200000000 } from '../../migrations/1765200000000-visits';
import { GridLogIndexes1765250000000 } from '../../migrations/1765250000000-grid-log-indexes';
import { FigureIndexes1765350000000 } from '../../migrations/1765350000000-figure-indexes';
import { Scores1765400000000 } from '../../migrations/1765400000000-scores';
import { FigureMonthCounts1765450000000 } from '../../migrations/1765450000000-figure-month-counts';
import { FigureMonthCount } from '../../figures/figure-month-count.entity';
import { ScoreScheme } from '../../scores/score-scheme.entity';
import { ScoreList, ScoreListRow } from '../../scores/score-list.entity';

/** Every entity, listed once: the app, the migration runner and the drift test use this list. */
export const ENTITIES = [
  Street,
  Community,
  Grid,
  PropertyCompany,
  Compound,
  Building,
  Household,
  HouseholdTag,
  User,
  RoleAssignment,
  Membership,
  Session,
  Category,
  CategoryOverride,
  Ticket,
  TicketEvent,
  TicketFollower,
  IdempotencyKey,
  Notification,
  WechatConsent,
  Upload,
  QrCode,
  AuthChange,
  RateLimitBucket,
  FeeItem,
  BillingRun,
  Bill,
  Payment,
  PaymentAllocation,
  PaymentReversal,
  ReceiptCounter,
  BillReminder,
  WechatOrder,
  WechatOrderBill,
  PaymentRefund,
  RefundAllocation,
  WechatNotificationReject,
  WechatReconciliation,
  WechatReconciliationItem,
  BillingSettings,
  Visit,
  CareFrequency,
  ScoreScheme,
  ScoreList,
  ScoreListRow,
  FigureMonthCount,
];

/** Every migration, in order. */
export const MIGRATIONS = [
  Foundation1764000000000,
  QrCodes1764100000000,
  Uploads1764150000000,
  Tickets1764200000000,
  DefaultCategories1764200000001,
  TicketCompoundIndexes1764300000000,
  NotificationUnreadIndex1764400000000,
  RateLimitBuckets1764420000000,
  AuthChanges1764420000001,
  CategoryOverrides1764500000000,
  TicketAssigneeResolvedIndex1764600000000,
  Billing1764700000000,
  OfflinePayments1764800000000,
  BillReminders1764900000000,
  WechatPay1765000000000,
  WechatReconciliation1765100000000,
  BillingSettings1765150000000,
  Visits1765200000000,
  GridLogIndexes1765250000000,
  FigureIndexes1765350000000,
  Scores1765400000000,
  FigureMonthCounts1765450000000,
];
