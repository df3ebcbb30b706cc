"""A Streamlit browser session without a browser: the websocket protocol, in asyncio.

It speaks what Streamlit's own frontend speaks on `/_stcore/stream`: protobuf
`BackMsg`s out (`rerun_script` with a `ClientState`: the page, the widget states, a
button's trigger), `ForwardMsg`s in (`new_session`, deltas, `script_finished`). A page
load is timed from sending the request to the `script_finished` that ends it. The
session signs in as a browser with a remembered sign-in does: the cookie goes along
in the websocket handshake, where app.py reads it through `st.context.cookies`.

Only loopback addresses are accepted, and every wait has a timeout.
"""

import asyncio
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import jwt
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

COOKIE_NAME = "studytrack_login"
GENERATED_ID_PREFIX = "$$ID-"
FINISHED_FULL = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_FRAGMENT = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
FINISHED_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


class ProtocolError(Exception):
    """The server answered in a way a browser would show as broken."""


def sign_in_cookie(login: str, key: str, days: float = 14.0) -> str:
    """Return the sign-in cookie a browser keeps after signing in (HS256 JWT)."""
    expires = time.time() + days * 86400
    return jwt.encode({"username": login, "exp_date": expires}, key, algorithm="HS256")


@dataclass
class PageLoad:
    """One request and what came back for it."""

    seconds: float
    runs: int = 0
    messages: int = 0
    bytes: int = 0
    exceptions: list[str] = field(default_factory=list)
    errors_shown: list[str] = field(default_factory=list)
    server_cpu: float | None = None


class Session:
    """One browser tab: a websocket to the server, its page and its widget ids."""

    def __init__(
        self,
        base_url: str,
        cookie: str | None = None,
        timeout: float = 30.0,
        cpu_clock=None,
    ):
        parsed = urlparse(base_url)
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the benchmark client talks to loopback servers only")
        self.base_url = base_url.rstrip("/")
        self.stream_url = f"ws://{parsed.netloc}/_stcore/stream"
        self.cookie = cookie
        self.timeout = timeout
        self.cpu_clock = cpu_clock
        self.socket = None
        self.page_name = ""
        self.page_script_hash = ""
        self.widget_ids: dict[str, str] = {}
        self.page_hashes: dict[str, str] = {}
        self.page_titles: dict[str, str] = {}
        self.auto_reruns: dict[str, float] = {}
        self.fragment_due: dict[str, float] = {}
        self.cookie_component: str | None = None
        self.cookies_reported = False

    async def connect(self) -> None:
        """Open the websocket as the frontend does (subprotocol, Origin, cookie)."""
        headers = {}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE_NAME}={self.cookie}"
        self.socket = await asyncio.wait_for(
            websockets.connect(
                self.stream_url,
                subprotocols=["streamlit"],
                origin=self.base_url,
                additional_headers=headers,
                max_size=None,
                open_timeout=self.timeout,
                ping_interval=None,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    async def open_page(self, url_path: str, title: str | None = None) -> PageLoad:
        """Load a page: from the menu (by its title) once the menu is known, else by
        its address, as on a first visit ("" is the site's root: the default page)."""
        self.page_name = url_path
        target = self.page_titles.get(title) or self.page_hashes.get(url_path)
        if target:
            self.page_script_hash = target
            return await self._run(self._client_state())
        self.page_script_hash = ""
        return await self._run(self._client_state(page_name=url_path))

    async def rerun(self) -> PageLoad:
        """Run the current page again with unchanged widgets (what any click costs)."""
        return await self._run(self._client_state())

    async def click(self, key: str) -> PageLoad:
        """Click the button with this widget key on the current page."""
        widget_id = self.widget_ids.get(key)
        if widget_id is None:
            raise ProtocolError(f"no button with key {key!r} on the page")
        state = self._client_state()
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.trigger_value = True
        return await self._run(state)

    def next_fragment(self) -> tuple[str, float] | None:
        """The run_every fragment whose timer fires first, and when (monotonic)."""
        due = [(at, fragment) for fragment, at in self.fragment_due.items()]
        return (min(due)[1], min(due)[0]) if due else None

    async def run_fragment(self, fragment_id: str) -> PageLoad:
        """Run one fragment again, as the browser's timer for run_every does."""
        if fragment_id in self.auto_reruns:
            self.fragment_due[fragment_id] = (
                time.monotonic() + self.auto_reruns[fragment_id]
            )
        state = self._client_state()
        state.fragment_id = fragment_id
        state.is_auto_rerun = True
        return await self._run(state, fragment=True)

    def _report_cookies(self) -> BackMsg:
        """The rerun a browser sends when extra_streamlit_components' CookieManager
        (made by streamlit-authenticator on every run) reports the page's cookies."""
        message = BackMsg()
        message.rerun_script.CopyFrom(self._client_state())
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id = self.cookie_component
        widget.json_value = json.dumps(
            {COOKIE_NAME: self.cookie} if self.cookie else {}
        )
        return message

    def _client_state(self, page_name: str = ""):
        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_script_hash = self.page_script_hash
        state.page_name = page_name
        state.widget_states.SetInParent()
        info = state.context_info
        info.timezone = "Europe/Amsterdam"
        info.timezone_offset = -60
        info.locale = "nl-NL"
        info.url = f"{self.base_url}/{self.page_name}"
        info.is_embedded = False
        info.color_scheme = "light"
        return state

    async def _run(self, state, fragment: bool = False) -> PageLoad:
        if self.socket is None:
            raise ProtocolError("not connected")
        message = BackMsg()
        message.rerun_script.CopyFrom(state)
        if not fragment:
            self.auto_reruns, self.fragment_due = {}, {}
        cpu_before = self.cpu_clock() if self.cpu_clock else None
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        load = PageLoad(seconds=0.0)
        deadline = started + self.timeout
        waiting_for_new_run = False
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.socket.recv(), remaining)
            except TimeoutError:
                raise TimeoutError(
                    f"no script_finished within {self.timeout:.0f} s"
                ) from None
            load.messages += 1
            load.bytes += len(data)
            finished = self._read(data, load)
            if finished == "new_session":
                load.runs += 1
                waiting_for_new_run = False
            elif self.cookie_component and not self.cookies_reported:
                # The browser's cookie component reports the cookies as soon as it
                # mounts; Streamlit then starts the run again (see report_cookies).
                await self.socket.send(self._report_cookies().SerializeToString())
                self.cookies_reported = True
                waiting_for_new_run = True
            elif finished in (FINISHED_FULL, FINISHED_FRAGMENT):
                if not waiting_for_new_run:
                    break
            if finished == FINISHED_COMPILE_ERROR:
                load.exceptions.append("the page does not compile")
                break
        load.seconds = time.perf_counter() - started
        if cpu_before is not None:
            load.server_cpu = self.cpu_clock() - cpu_before
        return load

    def _read(self, data: bytes, load: PageLoad):
        """Take in one ForwardMsg; return its script_finished status, if it is one."""
        message = ForwardMsg()
        message.ParseFromString(data)
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            return message.script_finished
        if kind == "new_session":
            self.page_script_hash = message.new_session.page_script_hash
            self.widget_ids = {}
            return "new_session"
        elif kind == "delta":
            self._read_delta(message.delta, load)
        elif kind == "auto_rerun":
            rerun = message.auto_rerun
            self.auto_reruns[rerun.fragment_id] = rerun.interval
            self.fragment_due[rerun.fragment_id] = time.monotonic() + rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
                self.fragment_due.pop(fragment_id, None)
        elif kind == "navigation":
            for page in message.navigation.app_pages:
                self.page_hashes[page.url_pathname] = page.page_script_hash
                self.page_titles[page.page_name] = page.page_script_hash
        elif kind == "page_not_found":
            load.exceptions.append(f"page not found: {message.page_not_found}")
        return None

    def _read_delta(self, delta, load: PageLoad) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        inner = getattr(element, kind)
        if kind == "exception" and not inner.is_warning:
            load.exceptions.append(f"{inner.type}: {inner.message}"[:300])
        elif kind == "alert" and inner.format == inner.ERROR:
            load.errors_shown.append(inner.body[:200])
        if kind == "component_instance" and "cookie_manager" in inner.component_name:
            self.cookie_component = inner.id
        widget_id = getattr(inner, "id", "")
        if isinstance(widget_id, str) and widget_id.startswith(GENERATED_ID_PREFIX):
            user_key = widget_id.split("-", 2)[-1]
            if user_key and user_key != "None":
                self.widget_ids[user_key] = widget_id
