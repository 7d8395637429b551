"""A case points at a community and an estate; the old free-text "社区/小区" is kept as its location text
(renamed, so no value is lost; 0006 then maps the texts that name a place exactly)."""

import django.db.models.deletion
from django.db import migrations, models


def _location_text():
    return models.CharField(blank=True, max_length=200, verbose_name="详细地址或位置")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_co_handlers"),
        ("places", "0001_communities_estates_grid_cells"),
    ]

    operations = [
        migrations.RenameField("case", "community", "location_text"),
        migrations.RenameField("historicalcase", "community", "location_text"),
        migrations.AlterField("case", "location_text", _location_text()),
        migrations.AlterField("historicalcase", "location_text", _location_text()),
        migrations.AddField(
            model_name="case",
            name="community",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="places.community",
                verbose_name="社区/村",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="estate",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="places.estate",
                verbose_name="小区",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="community",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="places.community",
                verbose_name="社区/村",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="estate",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="places.estate",
                verbose_name="小区",
            ),
        ),
    ]
