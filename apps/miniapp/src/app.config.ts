import { zh } from './i18n/zh';

export default defineAppConfig({
  // Main package: tab pages only. Everything else goes in subpackages.
  pages: ['pages/index/index', 'pages/me/index'],
  // One subpackage per area; notifications open /packages/<area>/ticket?id=N.
  subPackages: [
    { root: 'packages/resident', pages: ['report', 'tickets', 'ticket', 'households', 'board', 'score-list'] },
    { root: 'packages/staff', pages: ['inbox', 'tasks', 'ticket'] },
    { root: 'packages/supervisor', pages: ['inbox', 'ticket'] },
    {
      root: 'packages/manage',
      pages: ['index', 'claims', 'households', 'import', 'qr', 'staff', 'categories', 'search', 'phone-report'],
    },
    { root: 'packages/billing', pages: ['manage', 'mine', 'history'] },
    {
      root: 'packages/admin',
      pages: [
        'index',
        'communities',
        'companies',
        'compounds',
        'buildings',
        'grids',
        'people',
        'coverage',
        'figures',
        'figure-tickets',
      ],
    },
    { root: 'packages/grid', pages: ['households', 'household', 'visit', 'todo', 'queue', 'log', 'scan'] },
    // 楼长/单元长: 代办 for a neighbour, and the building's tickets.
    { root: 'packages/leader', pages: ['report', 'tickets', 'ticket'] },
    { root: 'packages/messages', pages: ['index'] },
    { root: 'packages/about', pages: ['index', 'not-found'] },
  ],
  // A resident who scanned a code is about to report: fetch the resident pages while the home page shows.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packages/resident'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f8',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: zh.appName,
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#8c8c8c',
    selectedColor: '#1677ff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: zh.tabs.home },
      { pagePath: 'pages/me/index', text: zh.tabs.me },
    ],
  },
});
