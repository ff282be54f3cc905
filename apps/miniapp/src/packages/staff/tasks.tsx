import { WorkListScreen } from '../../screens/TicketListScreen';

/** 我的任务: tickets assigned to this staff member. */
export default function TasksPage() {
  return <WorkListScreen kind="tasks" />;
}
