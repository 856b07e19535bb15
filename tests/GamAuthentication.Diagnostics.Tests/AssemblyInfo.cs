// Activity listeners and meter listeners see every span and measurement of the process: one test at a time, so each
// test sees only its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
