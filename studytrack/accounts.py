"""Accounts: creating them, passwords (bcrypt), sign-in checks and throttling.

Plain passwords live only in the call that receives or generates them: they are
never stored, logged or put in an error message.
"""

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import bcrypt

from studytrack import clock, db
from studytrack.errors import InvalidInput

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_ATTEMPTS = 5
LOCK_WINDOW = timedelta(minutes=15)
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# A valid hash of a random password: checking against it costs the same time as a
# real check, so a wrong login name cannot be told from a wrong password by timing.
_DUMMY_HASH = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(12)).decode()


@dataclass(frozen=True)
class NewAccount:
    """An account just made; `one_time_password` is set when it was generated."""

    login: str
    name: str
    role: str
    one_time_password: str | None


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: ok, wrong (login or password) or refused."""

    outcome: str
    login: str

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def message(self) -> str:
        if self.outcome == "refused":
            return (
                "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw, "
                "of vraag het huiswerkinstituut om hulp."
            )
        if self.outcome == "wrong":
            return "Inlognaam of wachtwoord klopt niet."
        return ""


def normalise_login(login: str) -> str:
    """Login names are case-insensitive and stored in lower case."""
    return str(login).strip().lower()


def hash_password(password: str) -> str:
    """Return the bcrypt hash of a password (cost STUDYTRACK_BCRYPT_ROUNDS, default 12)."""
    rounds = min(max(int(os.environ.get("STUDYTRACK_BCRYPT_ROUNDS", 12)), 4), 15)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def password_matches(password: str, hashed: str | None) -> bool:
    """Check a password against a bcrypt hash (in constant-ish time, also for None)."""
    try:
        return bcrypt.checkpw(
            password.encode(), (hashed or _DUMMY_HASH).encode()
        ) and bool(hashed)
    except ValueError:
        return False


def generate_password() -> str:
    """Return a one-time password that reads easily from a letter: 'k7mq-p3xa-92ht'."""
    groups = (
        "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)
    )
    return "-".join(groups)


def check_new_password(password: str) -> None:
    """Refuse a password that is too short or blank, with a Dutch message."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens; kies een langer."
        )


def create(
    con: db.Connection,
    actor: str,
    login: str,
    role: str,
    name: str,
    password: str | None = None,
    initials: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    pupil_numbers: list[str] = (),
    location_names: list[str] = (),
) -> NewAccount:
    """Create an account; without a password a one-time password is generated."""
    login = normalise_login(login)
    _check_account_fields(login, role, name, initials)
    if password is not None:
        check_new_password(password)
    one_time = None if password is not None else generate_password()
    now = clock.now()

    def insert(cur: db.Connection) -> None:
        if cur.execute("SELECT 1 FROM accounts WHERE login = ?", [login]).fetchone():
            raise InvalidInput(f"De inlognaam '{login}' bestaat al.")
        pupil_ids = _pupil_ids(cur, pupil_numbers)
        location_ids = _location_ids(cur, location_names)
        account_id = cur.execute(
            "INSERT INTO accounts (login, name, role, email, phone, initials, "
            "password_hash, must_change_password, password_changed_at, created_at, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            [
                login,
                name.strip(),
                role,
                email,
                phone,
                initials.strip().upper() if initials else None,
                hash_password(password or one_time),
                one_time is not None,
                clock.real_now(),
                now,
                actor,
                now,
            ],
        ).fetchone()[0]
        for pupil_id in pupil_ids:
            cur.execute(
                "INSERT INTO account_pupils VALUES (?, ?)", [account_id, pupil_id]
            )
        for location_id in location_ids:
            cur.execute(
                "INSERT INTO account_locations VALUES (?, ?)", [account_id, location_id]
            )
        db.record_change(cur, now, actor, "account", login, "aangemaakt", role)

    db.write(con, insert)
    log.info("account %s created with role %s by %s", login, role, actor)
    return NewAccount(login, name.strip(), role, one_time)


def _check_account_fields(
    login: str, role: str, name: str, initials: str | None
) -> None:
    if role not in db.ROLES:
        raise InvalidInput(f"'{role}' is geen rol; kies uit {', '.join(db.ROLES)}.")
    if not login or len(login) > 64 or any(char.isspace() for char in login):
        raise InvalidInput("Een inlognaam is 1 tot 64 tekens, zonder spaties.")
    if not name.strip():
        raise InvalidInput("Vul een naam in.")
    if role == "begeleider" and not (initials and initials.strip()):
        raise InvalidInput("Een begeleider heeft initialen nodig, bijvoorbeeld AB.")
    if initials and not (
        1 <= len(initials.strip()) <= 4 and initials.strip().isalpha()
    ):
        raise InvalidInput("Initialen zijn 1 tot 4 letters, bijvoorbeeld AB.")


def _pupil_ids(cur: db.Connection, numbers: list[str]) -> list[int]:
    ids = []
    for number in numbers:
        found = cur.execute(
            "SELECT id FROM pupils WHERE number = ?", [number]
        ).fetchone()
        if not found:
            raise InvalidInput(f"Er is geen leerling met leerlingnummer '{number}'.")
        ids.append(found[0])
    return ids


def _location_ids(cur: db.Connection, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        found = cur.execute(
            "SELECT id FROM locations WHERE name = ?", [name]
        ).fetchone()
        if not found:
            raise InvalidInput(f"Er is geen vestiging '{name}'.")
        ids.append(found[0])
    return ids


def reset_password(con: db.Connection, actor: str, login: str) -> str:
    """Give an account a new one-time password and return it (once)."""
    login = normalise_login(login)
    one_time = generate_password()
    now = clock.now()

    def update(cur: db.Connection) -> None:
        changed = cur.execute(
            "UPDATE accounts SET password_hash = ?, must_change_password = TRUE, "
            "password_changed_at = ?, updated_by = ?, updated_at = ? "
            "WHERE login = ? RETURNING id",
            [hash_password(one_time), clock.real_now(), actor, now, login],
        ).fetchall()
        if not changed:
            raise InvalidInput(f"Er is geen account met inlognaam '{login}'.")
        _record_attempt(cur, login, now, "lifted")
        db.record_change(cur, now, actor, "account", login, "wachtwoord hersteld")

    db.write(con, update)
    log.info("password of %s reset by %s", login, actor)
    return one_time


def change_password(con: db.Connection, login: str, current: str, new: str) -> None:
    """Change one's own password after checking the current one."""
    login = normalise_login(login)
    hashed = db.value(
        con, "SELECT password_hash FROM accounts WHERE login = ?", [login]
    )
    if not password_matches(current, hashed):
        raise InvalidInput("Het huidige wachtwoord klopt niet.")
    check_new_password(new)
    if new == current:
        raise InvalidInput("Kies een ander wachtwoord dan het huidige.")
    now = clock.now()

    def update(cur: db.Connection) -> None:
        cur.execute(
            "UPDATE accounts SET password_hash = ?, must_change_password = FALSE, "
            "password_changed_at = ?, updated_by = ?, updated_at = ? WHERE login = ?",
            [hash_password(new), clock.real_now(), login, now, login],
        )
        db.record_change(cur, now, login, "account", login, "wachtwoord gewijzigd")

    db.write(con, update)
    log.info("password of %s changed by its owner", login)


def sign_in(con: db.Connection, login: str, password: str) -> SignIn:
    """Check a sign-in attempt, throttled per login, and record it.

    After MAX_FAILED_ATTEMPTS wrong attempts within LOCK_WINDOW further attempts are
    refused for LOCK_WINDOW, whether or not the login exists.
    """
    login = normalise_login(login)
    now = clock.now()
    if _locked_until(con, login, now) is not None:
        outcome = "refused"
    else:
        hashed = db.value(
            con,
            "SELECT password_hash FROM accounts WHERE login = ? AND active",
            [login],
        )
        outcome = "ok" if password_matches(password, hashed) else "wrong"
    db.write(con, lambda cur: _record_attempt(cur, login, now, outcome))
    if outcome == "ok":
        log.info("sign-in of %s", login)
    else:
        # A login name that is no account may be a password typed in the wrong
        # field: the log names only existing accounts.
        known = db.value(con, "SELECT count(*) FROM accounts WHERE login = ?", [login])
        log.warning("sign-in of %s %s", login if known else "an unknown login", outcome)
    return SignIn(outcome, login)


def _record_attempt(cur: db.Connection, login: str, at: datetime, outcome: str) -> None:
    cur.execute(
        "INSERT INTO login_attempts (login, attempted_at, outcome) VALUES (?, ?, ?)",
        [login, at, outcome],
    )


def _locked_until(con: db.Connection, login: str, now: datetime) -> datetime | None:
    """Return until when a login is locked, or None when it is not.

    Only wrong attempts since the last successful sign-in or lifted lock count.
    """
    fails = db.rows(
        con,
        "SELECT attempted_at FROM login_attempts WHERE login = ? AND outcome = 'wrong' "
        "AND attempted_at > ? AND id > coalesce((SELECT max(id) FROM login_attempts "
        "  WHERE login = ? AND outcome IN ('ok', 'lifted')), 0) "
        "ORDER BY id DESC LIMIT ?",
        [login, now - 2 * LOCK_WINDOW, login, MAX_FAILED_ATTEMPTS],
    )
    if len(fails) < MAX_FAILED_ATTEMPTS:
        return None
    latest, earliest = fails[0][0], fails[-1][0]
    if latest - earliest > LOCK_WINDOW or now >= latest + LOCK_WINDOW:
        return None
    return latest + LOCK_WINDOW


def is_locked(con: db.Connection, login: str) -> bool:
    """Tell whether sign-in for this login is refused right now."""
    return _locked_until(con, normalise_login(login), clock.now()) is not None


def lift_lock(con: db.Connection, actor: str, login: str) -> None:
    """Allow sign-in again for a login that was locked after failed attempts."""
    login = normalise_login(login)
    now = clock.now()

    def update(cur: db.Connection) -> None:
        _record_attempt(cur, login, now, "lifted")
        db.record_change(cur, now, actor, "account", login, "blokkade opgeheven")

    db.write(con, update)
    log.info("sign-in lock of %s lifted by %s", login, actor)


def set_active(con: db.Connection, actor: str, login: str, active: bool) -> None:
    """Activate or deactivate an account; a deactivated one is signed out at once."""
    login = normalise_login(login)
    now = clock.now()

    def update(cur: db.Connection) -> None:
        changed = cur.execute(
            "UPDATE accounts SET active = ?, updated_by = ?, updated_at = ? "
            "WHERE login = ? RETURNING id",
            [active, actor, now, login],
        ).fetchall()
        if not changed:
            raise InvalidInput(f"Er is geen account met inlognaam '{login}'.")
        action = "geactiveerd" if active else "gedeactiveerd"
        db.record_change(cur, now, actor, "account", login, action)

    db.write(con, update)
    log.info(
        "account %s %s by %s", login, "activated" if active else "deactivated", actor
    )


def revoke_cookie(con: db.Connection, login: str, expires: float) -> None:
    """Refuse from now on the sign-in cookie of `login` that expires at `expires`.

    Signing out deletes the cookie in the browser; this makes sure a copy that
    survived (a tab closed too soon, a copied cookie) no longer signs anybody in.
    """
    db.write(
        con,
        lambda cur: cur.execute(
            "INSERT INTO revoked_cookies VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [normalise_login(login), expires, clock.real_now()],
        ),
    )
    log.info("sign-in cookie of %s revoked", normalise_login(login))


def cookie_revoked(con: db.Connection, login: str, expires: float) -> bool:
    """Tell whether this sign-in cookie was revoked by signing out."""
    found = db.value(
        con,
        "SELECT count(*) FROM revoked_cookies WHERE login = ? AND expires = ?",
        [normalise_login(login), expires],
    )
    return bool(found)


def session_check(
    con: db.Connection, login: str, signed_in_at: datetime
) -> bool | None:
    """Check a session begun at `signed_in_at` (real Amsterdam time).

    Returns None when it may not go on (account gone or deactivated, or its password
    changed since), else whether the account must first change its one-time password.
    """
    found = db.one(
        con,
        "SELECT active, password_changed_at, must_change_password FROM accounts "
        "WHERE login = ?",
        [normalise_login(login)],
    )
    if found is None or not found[0]:
        return None
    active, changed_at, must_change = found
    if changed_at is not None and changed_at > signed_in_at:
        return None
    return bool(must_change)
