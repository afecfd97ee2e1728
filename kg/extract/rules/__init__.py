"""The rule inventory: every extraction construction as one named, registered rule.

Families, one module each:

* :mod:`~kg.extract.rules.clausal` — verbs and their arguments (active, passive,
  prepositional, copular, light verbs, ditransitives, reciprocals, directives);
* :mod:`~kg.extract.rules.nominal` — nouns that carry a relation (possessives,
  nominalisations, nationalities on relation nouns, possessed objects);
* :mod:`~kg.extract.rules.roles` — titles and role nouns around names, groups
  named by their organisation, family ties;
* :mod:`~kg.extract.rules.places` — located in, place in place, origin, capital of;
* :mod:`~kg.extract.rules.speech` — reported speech: a speaker and whom the claim is about.

Qualifiers (negation, modality, condition, attribution, time) come from
:mod:`kg.extract.qualifiers`; clause analysis from :mod:`kg.extract.clauses`.
"""

from .registry import RULES, Example, Found, Rule, Sentence, iter_propositions, rule, rules

__all__ = ["RULES", "Example", "Found", "Rule", "Sentence", "iter_propositions", "rule", "rules"]
