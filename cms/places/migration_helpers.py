"""What the data migrations that locate old records at places share: reading the places, and saving a row
with a history entry (the migrations work on historical models, which django-simple-history does not
follow, so the entry is written here)."""

from django.utils import timezone

from cms.places.matching import PlaceIndex


def place_index(apps) -> PlaceIndex:
    Community = apps.get_model("places", "Community")
    Estate = apps.get_model("places", "Estate")
    return PlaceIndex.build(
        Community.objects.values_list("pk", "name"),
        Estate.objects.values_list("pk", "community_id", "name"),
    )


def save_with_history(apps, app_label: str, model_name: str, instance, reason: str) -> None:
    instance.save()
    history_model = apps.get_model(app_label, f"Historical{model_name}")
    values = {
        f.attname: getattr(instance, f.attname)
        for f in history_model._meta.concrete_fields
        if not f.name.startswith("history_") and hasattr(instance, f.attname)
    }
    history_model.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason=reason,
    )
