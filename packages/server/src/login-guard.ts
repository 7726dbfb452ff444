/**
 * Password guessing, from two sides. One address trying many accounts (spraying) is refused after a
 * number of failures, whatever the user names. One account tried from many addresses backs off: after
 * a few failures in a row it is locked for a time that doubles with each further failure. Both refuse
 * before the password is hashed, so a flood of guesses cannot slow real logins down.
 *
 * The account side lives with the account (users.failed_logins, locked_until), so that every server
 * of a region sees it; unknown user names get the same treatment in memory, so that the answer does not
 * tell which names exist.
 */
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

/** Bound on the addresses and unknown names remembered, so that a flood cannot grow memory without limit. */
const MAX_REMEMBERED = 50_000;

interface Window {
  count: number;
  since: number;
}

export interface AccountState {
  failedLogins: number;
  lockedUntil: string | null;
}

const minutesLeft = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 60_000));

export class LoginGuard {
  private readonly addresses = new Map<string, Window>();
  private readonly unknownNames = new Map<string, AccountState>();

  constructor(private readonly options: LoginGuardOptions = DEFAULT_LOGIN_GUARD) {}

  /** Throws 429 when the address has failed too often lately. */
  checkAddress(ip: string, now = Date.now()): void {
    const window = this.addresses.get(ip);
    if (!window || now - window.since >= this.options.windowMinutes * 60_000) return;
    if (window.count >= this.options.failuresPerAddress) {
      const until = window.since + this.options.windowMinutes * 60_000;
      throw new ApiError('RATE_LIMITED', `此网络地址登录失败次数过多，请 ${minutesLeft(until, now)} 分钟后再试。`);
    }
  }

  /** Throws 429 while the account (or unknown name) is locked. */
  checkAccount(state: AccountState, now = Date.now()): void {
    const until = state.lockedUntil ? Date.parse(state.lockedUntil) : 0;
    if (until > now)
      throw new ApiError('RATE_LIMITED', `该账号连续登录失败次数过多，已暂时锁定，请 ${minutesLeft(until, now)} 分钟后再试。`);
  }

  /** The state of a name no account has. */
  unknownName(username: string): AccountState {
    return this.unknownNames.get(username) ?? { failedLogins: 0, lockedUntil: null };
  }

  /** Records a failure of the address; returns the account's state after the failure (to store). */
  failed(ip: string, state: AccountState, now = Date.now()): AccountState {
    const window = this.addresses.get(ip);
    if (!window || now - window.since >= this.options.windowMinutes * 60_000) {
      if (this.addresses.size >= MAX_REMEMBERED) this.addresses.clear();
      this.addresses.set(ip, { count: 1, since: now });
    } else {
      window.count += 1;
    }
    const failedLogins = state.failedLogins + 1;
    const over = failedLogins - this.options.failuresBeforeLock;
    const lockMinutes = over < 0 ? 0 : Math.min(2 ** over, this.options.maxLockMinutes);
    return { failedLogins, lockedUntil: lockMinutes > 0 ? new Date(now + lockMinutes * 60_000).toISOString() : null };
  }

  /** Records a failure for a name no account has. */
  failedUnknown(ip: string, username: string, now = Date.now()): void {
    const next = this.failed(ip, this.unknownName(username), now);
    if (this.unknownNames.size >= MAX_REMEMBERED) this.unknownNames.clear();
    this.unknownNames.set(username, next);
  }
}
