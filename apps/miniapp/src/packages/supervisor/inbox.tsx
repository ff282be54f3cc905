import { WorkListScreen } from '../../screens/TicketListScreen';

/** 督办工单: escalated tickets, appeals and complaints about companies. */
export default function SupervisionPage() {
  return <WorkListScreen kind="supervision" />;
}
