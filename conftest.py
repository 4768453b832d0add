import os

# Before Django reads its settings: the test environment (fast hashing, inline tasks, locmem mail).
os.environ["KOERS_ENV"] = "test"
