import type { HealthView } from '@doorstep/contracts'

/**
 * Every user-facing string the app itself shows. Labels for domain codes (roles, compound types,
 * management modes) and error messages come from @doorstep/contracts so server and app agree.
 */
export const zh = {
  appName: '家门口',
  tabs: {
    home: '首页',
    me: '我的',
  },
  common: {
    loading: '加载中…',
    retry: '重试',
    noMore: '没有更多了',
    separator: ' · ',
  },
  errors: {
    network: '网络连接失败，请检查网络',
    unknown: '出了点问题，请稍后再试',
  },
  health: {
    title: '服务状态',
    checking: '正在检查服务…',
    ok: '服务正常',
    degraded: '服务异常',
    unreachable: '无法连接服务',
    database: '数据库',
    version: '版本',
    databaseTypes: {
      mysql: 'MySQL',
      mariadb: 'MariaDB',
      'better-sqlite3': 'SQLite（内置）',
    } satisfies Record<HealthView['database']['type'], string>,
  },
  home: {
    compoundsTitle: '我的小区',
    signInHint: '登录后可查看您能访问的小区',
    goSignIn: '去登录',
    emptyCompounds: '暂无可查看的小区',
    companyPrefix: '物业：',
  },
  me: {
    demoTitle: '选择演示账号登录',
    demoHint: '演示环境：无需密码，点击即以该身份登录',
    demoEmpty: '暂无演示账号',
    signInAs: (name: string) => `以 ${name} 身份登录`,
    signingIn: '正在登录…',
    rolesTitle: '我的角色',
    noRoles: '暂无角色',
    currentRole: '当前身份',
    switchRoleHint: '点击切换身份',
    roleSwitched: (label: string) => `已切换为${label}`,
    elderlyMode: '长辈模式（大字）',
    about: '关于',
    signOut: '退出登录',
    signedOut: '已退出登录',
  },
  about: {
    title: '关于',
    description: '家门口：面向小区居民、物业、网格员和社区的物业服务平台。',
  },
} as const
