"""The domain of coach: routine days, steps, streaks, people and the store. Never imports Textual."""
