import { TicketScreen } from '../../screens/TicketScreen';

/** A ticket as the supervisor sees it (notifications open /packages/supervisor/ticket?id=N). */
export default function TicketPage() {
  return <TicketScreen />;
}
