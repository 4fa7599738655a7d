"""Runs a twin on asyncio with a virtual clock, as the C# side runs on EventLoop.CreateVirtual().

asyncio's loop asks its selector to wait until the next timer; this selector moves the clock there instead of
sleeping, so orderings do not depend on how busy the machine is. Everything else is CPython 3.11's asyncio.
"""
import asyncio
import selectors


class _VirtualSelector(selectors.DefaultSelector):
    def __init__(self, clock):
        super().__init__()
        self._clock = clock

    def select(self, timeout=None):
        if timeout is not None and timeout > 0:
            self._clock.now += timeout
            timeout = 0
        return super().select(timeout)


class _Clock:
    now = 0.0


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual = _Clock()
        super().__init__(selector=_VirtualSelector(self._virtual))

    def time(self):
        return self._virtual.now


def run(main):
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(main)
