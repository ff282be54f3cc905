/** mysql2 speaks to MariaDB too; it only knows the mysql:// scheme. */
export function toMysqlUri(url: string): string {
  return url.replace(/^mariadb:\/\//, 'mysql://');
}
