/**
 * Password guessing, from two sides. One address trying many accounts (spraying) is refused after a
 * number of failures, whatever the user names. One account tried from many addresses backs off: after
 * a few failures in a row it is locked for a time that doubles with each further failure. Both refuse
 * before the password is hashed, so a flood of guesses cannot slow real logins down.
 *
 * The account side lives with the account (users.failed_logins, locked_until); addresses and unknown
 * user names (treated alike, so that the answer does not tell which names exist) in shared counters:
 * every app process and server of a region sees the same figures.
 */
import type { Counters } from './counters.js';
import { ApiError } from './errors.js';

export interface LoginGuardOptions {
  /** Failed logins one address may make within the window, across all user names. */
  failuresPerAddress: number;
  /** Minutes in the address window. */
  windowMinutes: number;
  /** Failures in a row after which an account is locked. */
  failuresBeforeLock: number;
  /** The longest lock, in minutes. */
  maxLockMinutes: number;
}

export const DEFAULT_LOGIN_GUARD: LoginGuardOptions = {
  failuresPerAddress: 30,
  windowMinutes: 15,
  failuresBeforeLock: 5,
  maxLockMinutes: 60,
};

export interface AccountState {
  failedLogins: number;
  lockedUntil: string | null;
}

const minutesLeft = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 60_000));

export class LoginGuard {
  constructor(
    private readonly counters: Counters,
    private readonly options: LoginGuardOptions = DEFAULT_LOGIN_GUARD,
  ) {}

  private get windowMs(): number {
    return this.options.windowMinutes * 60_000;
  }

  /** Throws 429 when the address has failed too often lately. */
  async checkAddress(ip: string, now = Date.now()): Promise<void> {
    const window = await this.counters.get(`login-ip:${ip}`);
    if (!window || now - window.since >= this.windowMs) return;
    if (window.count >= this.options.failuresPerAddress) {
      throw new ApiError('RATE_LIMITED', `此网络地址登录失败次数过多，请 ${minutesLeft(window.since + this.windowMs, now)} 分钟后再试。`);
    }
  }

  /** Throws 429 while the account (or unknown name) is locked. */
  checkAccount(state: AccountState, now = Date.now()): void {
    const until = state.lockedUntil ? Date.parse(state.lockedUntil) : 0;
    if (until > now)
      throw new ApiError('RATE_LIMITED', `该账号连续登录失败次数过多，已暂时锁定，请 ${minutesLeft(until, now)} 分钟后再试。`);
  }

  /** The state of a name no account has: its failures in a row and the lock since the last one. */
  async unknownName(username: string): Promise<AccountState> {
    const failures = await this.counters.get(`login-name:${username}`);
    return failures ? this.after(failures.count, failures.since) : { failedLogins: 0, lockedUntil: null };
  }

  /** Records a failure of the address; returns the account's state after the failure (to store). */
  async failed(ip: string, state: AccountState, now = Date.now()): Promise<AccountState> {
    await this.counters.hitWindow(`login-ip:${ip}`, this.windowMs, now);
    return this.after(state.failedLogins + 1, now);
  }

  /** Records a failure for a name no account has. */
  async failedUnknown(ip: string, username: string, now = Date.now()): Promise<void> {
    await this.counters.hitWindow(`login-ip:${ip}`, this.windowMs, now);
    await this.counters.hitLast(`login-name:${username}`, now);
  }

  /** After `failedLogins` in a row, the last at `at`: locked for a time that doubles with each failure past the limit. */
  private after(failedLogins: number, at: number): AccountState {
    const over = failedLogins - this.options.failuresBeforeLock;
    const lockMinutes = over < 0 ? 0 : Math.min(2 ** over, this.options.maxLockMinutes);
    return { failedLogins, lockedUntil: lockMinutes > 0 ? new Date(at + lockMinutes * 60_000).toISOString() : null };
  }
}
