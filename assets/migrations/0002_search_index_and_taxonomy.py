from django.db import migrations


def create_search_index(apps, schema_editor):
    # GIN exists only on PostgreSQL; SQLite (make run) searches with icontains instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS asset_offer_search ON assets_offer USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS asset_offer_search")


def load_taxonomy(apps, schema_editor):
    from assets.taxonomy import BUILTIN_SUBCATEGORIES

    Subcategory = apps.get_model("assets", "Subcategory")
    for category, rows in BUILTIN_SUBCATEGORIES.items():
        for slug, name in rows:
            Subcategory.objects.get_or_create(
                programme=None, category=category, slug=slug, defaults={"name": name}
            )


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(load_taxonomy, migrations.RunPython.noop),
    ]
