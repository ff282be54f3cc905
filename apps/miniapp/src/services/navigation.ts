/** Ticket pages per area: the same ticket, opened from the list of the role looking at it. */
export const ticketPage = {
  resident: (id: number) => `/packages/resident/ticket?id=${id}`,
  staff: (id: number) => `/packages/staff/ticket?id=${id}`,
  supervisor: (id: number) => `/packages/supervisor/ticket?id=${id}`,
};
