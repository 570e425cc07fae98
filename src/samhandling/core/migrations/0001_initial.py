# The audit log moved here from accounts: the model takes over the existing table, then the
# table gets the kernel's name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0002_move_audit_log_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when")),
                        ("action", models.CharField(max_length=60, verbose_name="action")),
                        ("object_type", models.CharField(max_length=60, verbose_name="object type")),
                        ("object_id", models.CharField(blank=True, max_length=64, verbose_name="object id")),
                        ("summary", models.CharField(max_length=500, verbose_name="summary")),
                        ("changes", models.JSONField(blank=True, default=dict, verbose_name="changes")),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="audit_entries", to=settings.AUTH_USER_MODEL, verbose_name="who")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-at", "-id"],
                        "indexes": [models.Index(fields=["object_type", "object_id"], name="accounts_au_object__2df7a0_idx")],
                        "db_table": "accounts_auditentry",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="auditentry", table=None),
    ]
