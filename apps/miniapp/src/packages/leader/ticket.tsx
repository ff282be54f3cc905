import { TicketScreen } from '../../screens/TicketScreen';

/** A ticket of the 楼长's building, or one they filed for a neighbour. */
export default function TicketPage() {
  return <TicketScreen />;
}
