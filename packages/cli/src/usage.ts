/**
 * The usage lines the help prints and the commands repeat when refusing their arguments. Kept apart
 * from the commands so that the help, and choosing a command, load none of them.
 */
export const AUDIT_USAGE = '用法：jixiao audit 文件夹或.zip [-o 审核结果.xlsx] [--json] [--jobs 线程数] [--timeout 每个文件的秒数]';
export const ADMIN_USAGE = 'admin create --username 用户名 --name 姓名 [--org 财政局名称]  创建管理员（密码在提示后输入或从标准输入读入）';
export const BACKUP_USAGE = 'backup [-o 备份文件]       备份审核服务的数据库（服务运行中也可备份）';
export const RESTORE_USAGE = 'restore 备份文件 [--force]  用备份恢复数据库（先停止服务；已有数据时须加 --force）';
