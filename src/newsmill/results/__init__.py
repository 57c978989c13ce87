"""The results directory: written atomically (:mod:`.write`) and read back (:mod:`.read`) by
``report``, ``explain``, the stage commands and the index."""
