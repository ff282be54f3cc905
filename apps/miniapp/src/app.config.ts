import { zh } from './i18n/zh'

export default defineAppConfig({
  // Main package: tab pages only. Everything else goes in subpackages.
  pages: ['pages/index/index', 'pages/me/index'],
  subPackages: [
    {
      root: 'packages/about',
      pages: ['index'],
    },
  ],
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
})
