"""The Agency Decision Maker's letters: who gets one, what each reader sees, the birth-parent gate."""
