"""A platform stand-in for tests: it keeps what it was asked to deliver, and fails when told to.

Like httpx's `MockTransport`: the scheduler and the coach run for real, only the platform is replaced.

    surface = RecordingSurface().fail(DeliveryFailed("Slack said 503", retry=True), times=2)
    await NudgeScheduler(coach, {"slack": surface}).sweep()
    assert surface.attempts == 3 and len(surface.dms) == 1
"""

from __future__ import annotations

from coaching.core.model import Attachment, Reply, UserRef


class RecordingSurface:
    """A `Surface` for `platform` that records DMs and posts (and so the files they carry)."""

    def __init__(self, platform: str = "slack") -> None:
        self.platform = platform
        self.dms: list[tuple[UserRef, Reply]] = []
        self.posts: list[tuple[str, Reply]] = []
        self.attempts = 0  # sends tried while failing was asked for
        self._problem: Exception | None = None
        self._times = 0
        self._only: UserRef | None = None

    def fail(self, problem: Exception, *, times: int = 1_000_000, only: UserRef | None = None) -> RecordingSurface:
        """Raise `problem` (a `DeliveryFailed`, or any error a buggy adapter might) for the next `times` sends;
        with `only`, only DMs to that person fail. Then deliver as usual."""
        self._problem, self._times, self._only = problem, times, only
        return self

    @property
    def uploads(self) -> list[Attachment]:
        return [attachment for _, reply in [*self.dms, *self.posts] for attachment in reply.attachments]

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        if self._only in (None, user):
            self._attempt()
        self.dms.append((user, reply))

    async def post(self, channel: str, reply: Reply) -> None:
        self._attempt()
        self.posts.append((channel, reply))

    def _attempt(self) -> None:
        if self._problem is None:
            return
        self.attempts += 1
        if self.attempts <= self._times:
            raise self._problem
