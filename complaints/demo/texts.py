"""The words of the demo's complaints: categories, what residents write, who they are.

Residents write in French or Arabic; the commune's staff answer in the reporter's language.
"""

from __future__ import annotations

# code, French name, Arabic name, department, hours to acknowledge, days to resolve.
CATEGORIES = (
    ("voirie", "Voirie", "الطرق", "Service de la voirie", 48, 30),
    ("eclairage", "Éclairage public", "الإنارة العمومية", "Service technique", 24, 15),
    ("dechets", "Déchets", "النفايات", "Service de la propreté", 24, 7),
    ("eau", "Eau", "الماء", "Service de l'eau et de l'assainissement", 12, 10),
    ("jardins", "Espaces verts", "المساحات الخضراء", "Service des parcs et jardins", 72, 20),
)

# What residents write, by category and language.
DESCRIPTIONS = {
    "voirie": {
        "fr": (
            "Nid-de-poule profond, dangereux pour les deux-roues.",
            "La chaussée s'est affaissée après la pluie, les voitures font un écart.",
            "Trottoir cassé sur plusieurs mètres, les poussettes passent sur la route.",
            "Plaque d'égout descellée qui bouge au passage des voitures.",
            "Ralentisseur abîmé, il reste des fers qui dépassent.",
        ),
        "ar": (
            "حفرة عميقة في الطريق تشكل خطرا على الدراجات.",
            "انهار جزء من الطريق بعد الأمطار.",
            "الرصيف مكسور على عدة أمتار والمارة يمشون في الطريق.",
            "غطاء قناة الصرف غير مثبت ويتحرك عند مرور السيارات.",
        ),
    },
    "eclairage": {
        "fr": (
            "Trois lampadaires éteints depuis une semaine, la rue est noire le soir.",
            "Le lampadaire clignote toute la nuit.",
            "Câble électrique qui pend d'un poteau d'éclairage, à hauteur d'enfant.",
            "L'éclairage reste allumé en plein jour.",
        ),
        "ar": (
            "ثلاثة أعمدة إنارة معطلة منذ أسبوع والشارع مظلم ليلا.",
            "مصباح الشارع يومض طوال الليل.",
            "سلك كهربائي متدل من عمود الإنارة في متناول الأطفال.",
        ),
    },
    "dechets": {
        "fr": (
            "Le conteneur n'a pas été vidé depuis cinq jours, les odeurs sont fortes.",
            "Dépôt sauvage de gravats sur le trottoir.",
            "Les ordures débordent autour des bacs après le marché.",
            "Un conteneur a brûlé, il n'en reste rien.",
            "Animaux morts au bord de la route, personne ne les enlève.",
        ),
        "ar": (
            "لم تفرغ الحاوية منذ خمسة أيام والروائح قوية.",
            "رمي عشوائي لبقايا البناء على الرصيف.",
            "الأزبال تملأ المكان حول الحاويات بعد السوق.",
            "احترقت حاوية الأزبال ولم يتم تعويضها.",
        ),
    },
    "eau": {
        "fr": (
            "Fuite d'eau sur la conduite principale, la rue est inondée.",
            "Égout bouché, l'eau sale remonte dans la rue.",
            "Pas d'eau au robinet depuis deux jours dans le quartier.",
            "Bouche d'égout ouverte, sans grille.",
        ),
        "ar": (
            "تسرب للماء من القناة الرئيسية والشارع غارق.",
            "قناة الصرف الصحي مسدودة والمياه العادمة في الشارع.",
            "انقطاع الماء منذ يومين في الحي.",
        ),
    },
    "jardins": {
        "fr": (
            "Un arbre menace de tomber sur la chaussée.",
            "Les bancs du jardin sont cassés.",
            "L'arrosage fuit depuis des jours, l'eau se perd.",
            "Herbes hautes et broussailles, les enfants ne peuvent plus jouer.",
        ),
        "ar": (
            "شجرة مائلة تهدد بالسقوط على الطريق.",
            "كراسي الحديقة مكسورة.",
            "الأعشاب الطويلة تملأ الحديقة والأطفال لا يستطيعون اللعب.",
        ),
    },
}

# Where a resident says it is, with the name of a street or of a place.
AT_STREET = {"fr": "{number}, {name}", "ar": "{name}، رقم {number}"}
NEAR_PLACE = {"fr": "Près de : {name}", "ar": "قرب {name}"}
# Where it is when the commune names no place (no gazetteer).
SOMEWHERE = {"fr": "Quartier central", "ar": "الحي المركزي"}

REPLIES = {
    "fr": (
        "Une équipe passera dans la semaine.",
        "Le service a programmé l'intervention, merci de votre signalement.",
        "Nous avons transmis votre signalement au prestataire.",
    ),
    "ar": (
        "سيمر فريق خلال هذا الأسبوع.",
        "تمت برمجة التدخل، شكرا على تبليغكم.",
    ),
}
NOTES = (
    "Matériel commandé, livraison attendue.",
    "Vu sur place : à traiter avec le service voisin.",
    "Intervention reportée, engin en panne.",
)
REJECTIONS = (
    "Le lieu relève du domaine privé : le propriétaire a été informé.",
    "Ce problème dépend de la régie de distribution, à qui il a été transmis.",
    "Signalement sans lieu précis, merci de le déposer à nouveau.",
)
CONTESTS = {
    "fr": (
        "Le problème est revenu deux jours après.",
        "Rien n'a été fait, c'est toujours pareil.",
    ),
    "ar": ("عاد المشكل بعد يومين.", "لم يتغير شيء."),
}
COMMENTS = {
    5: ("Intervention rapide, merci.", "شكرا على السرعة."),
    4: ("Bien, un peu long.", "جيد."),
    3: ("Réglé, mais après plusieurs relances.",),
    2: ("Très long pour un petit travail.",),
    1: ("Travail mal fait.",),
}

FIRST_NAMES = {
    "MA": ("Fatima", "Mohamed", "Khadija", "Youssef", "Amina", "Rachid", "Naima", "Hamza"),
    "ML": ("Aminata", "Moussa", "Fatoumata", "Seydou", "Mariam", "Bakary", "Awa", "Oumar"),
}
LAST_NAMES = {
    "MA": ("Benali", "El Idrissi", "Alaoui", "Bennani", "Tazi", "Ouazzani", "Cherkaoui"),
    "ML": ("Traoré", "Keïta", "Coulibaly", "Diarra", "Touré", "Sangaré", "Konaté"),
}
PHONE_PREFIX = {"MA": "+212 6", "ML": "+223 7"}
