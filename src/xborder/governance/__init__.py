"""Responsible AI governance: the component registry, the algorithm register, evaluations,
assessments, human oversight and the purpose gate."""
