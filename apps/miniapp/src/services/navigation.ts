import Taro from '@tarojs/taro';

/** 页面不存在: where an address that names no page lands. */
export const NOT_FOUND_PAGE = '/packages/about/not-found';

export const HOME_PAGE = '/pages/index/index';

/** Back to 首页 from anywhere (a tab page: switchTab, which also clears the pages above). */
export function goHome(): void {
  void Taro.switchTab({ url: HOME_PAGE });
}

/** Ticket pages per area: the same ticket, opened from the list of the role looking at it. */
export const ticketPage = {
  resident: (id: number) => `/packages/resident/ticket?id=${id}`,
  staff: (id: number) => `/packages/staff/ticket?id=${id}`,
  supervisor: (id: number) => `/packages/supervisor/ticket?id=${id}`,
  leader: (id: number) => `/packages/leader/ticket?id=${id}`,
};
