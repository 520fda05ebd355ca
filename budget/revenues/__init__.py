"""The commune's revenues: revenue lines with their forecast, assessments (titres de
recette), collections at the counter or from confirmed payments, arrears and receipts."""
