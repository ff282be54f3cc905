import { TicketScreen } from '../../screens/TicketScreen';

/** A ticket as the resident sees it (notifications open /packages/resident/ticket?id=N). */
export default function TicketPage() {
  return <TicketScreen />;
}
