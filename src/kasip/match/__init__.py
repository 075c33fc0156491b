"""Match free text (a vacancy, a CV, a job description) to profession cards."""
