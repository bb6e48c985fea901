//! Check lists that answer "why is (or is not) this pod on that node?" for the UI and the command line.
