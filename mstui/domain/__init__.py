"""Pure logic: plain values and an explicit `now` in, plain values out. No I/O."""
