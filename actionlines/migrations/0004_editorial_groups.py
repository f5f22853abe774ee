"""The editorial roles: Editors change content; Publishers also publish and delete documents.

It lives in actionlines because the roles span both apps and only actionlines may depend on
documents. The permission lists are frozen here on purpose (a migration must not follow later
code); tests/editorial/test_roles.py checks they still match documents.services.EDITORIAL_GROUPS.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = [
    "documents.event",
    "documents.document",
    "documents.section",
    "documents.paragraph",
    "documents.theme",
    "actionlines.actionline",
    "actionlines.organization",
    "actionlines.facilitation",
    "actionlines.paragraphlink",
    "actionlines.sdg",
    "actionlines.sdglink",
    "actionlines.target",
]
LINKS = ["actionlines.facilitation", "actionlines.paragraphlink", "actionlines.sdglink"]


def _perm(model, action):
    app_label, model_name = model.split(".")
    return f"{app_label}.{action}_{model_name}"


EDITORS = sorted(
    [_perm(m, a) for m in CONTENT for a in ("view", "add", "change")]
    + [_perm(m, "delete") for m in LINKS]
)
PUBLISHERS = sorted(
    EDITORS
    + [
        "documents.publish_document",
        "documents.delete_document",
        "documents.delete_section",
        "documents.delete_paragraph",
        "documents.delete_theme",
    ]
)
GROUPS = {"Editors": EDITORS, "Publishers": PUBLISHERS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate); create them
    # now so that the groups can refer to them on a fresh database.
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actionlines", "0003_history"),
        ("documents", "0006_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
