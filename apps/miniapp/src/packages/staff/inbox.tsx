import { WorkListScreen } from '../../screens/TicketListScreen';

/** 待处理工单: the property manager's inbox, nearest deadline first. */
export default function InboxPage() {
  return <WorkListScreen kind="inbox" />;
}
