import { MyTicketsScreen } from '../../screens/TicketListScreen';

/** 我的工单. */
export default function MyTicketsPage() {
  return <MyTicketsScreen />;
}
