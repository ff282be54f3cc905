import { TicketScreen } from '../../screens/TicketScreen';

/** A ticket as the staff sees it (notifications open /packages/staff/ticket?id=N). */
export default function TicketPage() {
  return <TicketScreen />;
}
