// Projects and tasks: focus after a row is swapped in place, or on the first field in error.
// Everything here is an enhancement: the pages work without it.
window.dashboard.refocusAfterSwaps();
