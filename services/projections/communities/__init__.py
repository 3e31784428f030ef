"""Working groups, problem groups, methodological associations and the bank of materials (004 §4.5-4.8)."""
