"""Sentences from which :mod:`analysis.simulate_comments` builds synthetic comments.

Written for this project: each planted theme has six positive and six negative sentences
that share the theme's words (waiting: wait, waiting, appointment; staff kindness:
staff, kind, nurses; communication between services: hospital, GP, information, letter;
discharge: discharge, home, care; parking: parking, car park, spaces). The phone numbers
the simulator adds come from the ranges Ofcom keeps for drama, which are never assigned.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["OPENERS", "THEME_SENTENCES"]

#: Sentences per theme, then per tone ("positive", "negative"); six of each.
THEME_SENTENCES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "waiting": MappingProxyType(
            {
                "negative": (
                    "We waited over four hours in the waiting room before anyone saw us.",
                    "The waiting time for a first appointment was far too long.",
                    "I waited months on the waiting list for my referral.",
                    "The clinic ran late and the wait was awful.",
                    "Waiting so long for an appointment made my pain worse.",
                    "Nobody told us how long the wait would be and we waited all afternoon.",
                ),
                "positive": (
                    "I hardly waited at all and my appointment was on time.",
                    "The waiting time was short and the appointment ran on time.",
                    "We only waited ten minutes in the waiting room.",
                    "No long wait, my appointment came through quickly.",
                    "The wait for my referral was much shorter than I expected.",
                    "Seen within minutes of arriving, no waiting around.",
                ),
            }
        ),
        "staff": MappingProxyType(
            {
                "negative": (
                    "The staff were rude and dismissive when I asked for help.",
                    "One nurse was unkind and made me feel like a nuisance.",
                    "Staff ignored my mum when she was in pain and showed no compassion.",
                    "The reception staff were unfriendly and uncaring.",
                    "None of the staff treated my dad with dignity or respect.",
                    "The nurses seemed too busy to be kind or listen.",
                ),
                "positive": (
                    "The staff were kind and caring from start to finish.",
                    "Every nurse treated my mum with dignity and respect.",
                    "The nurses were so kind and took time to listen.",
                    "Lovely caring staff who made me feel safe.",
                    "The reception staff were friendly, kind and helpful.",
                    "Staff showed real compassion and kindness to my dad.",
                ),
            }
        ),
        "communication": MappingProxyType(
            {
                "negative": (
                    "The hospital never sent the letter to my GP so nobody knew my results.",
                    "My GP had no information from the hospital about my treatment.",
                    "I had to repeat my story to every service as nobody shared information.",
                    "The letter from the hospital took weeks to reach the GP surgery.",
                    "The hospital and GP did not talk to each other and my records were lost.",
                    "The pharmacy had no information about the changes the hospital made.",
                ),
                "positive": (
                    "My GP already had the letter from the hospital when I rang.",
                    "The hospital and the GP shared information so I never repeated myself.",
                    "Everyone had my records and information passed smoothly to my GP.",
                    "The hospital letter reached my GP within days.",
                    "The community team already had all the information from the hospital.",
                    "Good communication between the GP surgery and the hospital.",
                ),
            }
        ),
        "discharge": MappingProxyType(
            {
                "negative": (
                    "I was discharged home without my medication or a care plan.",
                    "Discharge was delayed all day because the paperwork was not ready.",
                    "They discharged my dad late at night with no care package at home.",
                    "Nobody explained my discharge medication before I went home.",
                    "The discharge was rushed and no carers were arranged for home.",
                    "I was sent home from the ward with no discharge plan.",
                ),
                "positive": (
                    "The discharge was well planned and the care package was ready at home.",
                    "Before discharge the ward explained all my medication.",
                    "My discharge home went smoothly with carers arranged.",
                    "The discharge team sorted everything before I went home.",
                    "Discharged on time with a clear plan for my care at home.",
                    "They made sure support was in place at home before discharge.",
                ),
            }
        ),
        "parking": MappingProxyType(
            {
                "negative": (
                    "There was nowhere to park and the car park was full.",
                    "Parking charges at the hospital car park are far too expensive.",
                    "I drove round the car park for ages looking for a parking space.",
                    "The parking machines were broken and I got a parking fine.",
                    "Not enough disabled parking spaces near the entrance.",
                    "Parking is a nightmare, the car park is always full.",
                ),
                "positive": (
                    "Plenty of parking spaces close to the entrance.",
                    "Parking was easy and free for blue badge holders.",
                    "The car park had lots of spaces and was easy to find.",
                    "Free parking made the visits much less stressful.",
                    "Easy parking right outside the clinic.",
                    "Parking was simple and the car park was well signed.",
                ),
            }
        ),
    }
)

#: Optional first sentences, shared by every theme (the empty string means none).
OPENERS: tuple[str, ...] = (
    "",
    "",
    "",
    "This is about my last visit.",
    "Writing on behalf of my mum.",
    "I went in last month.",
    "Just a few words.",
    "About my husband's care.",
)
