"""Model fields for uploads: checked by content when the form is cleaned, made safe when the row is saved."""

from django import forms
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save

from .uploads import IMAGE_TYPES, attachment_type, redraw_image, validate_attachment, validate_image

IMAGE_ACCEPT = ",".join(file_type.content_type for file_type in IMAGE_TYPES.values())


class UploadFormField(forms.FileField):
    """A file input that tells the browser's picker which types to offer; the server checks them anyway."""

    def __init__(self, *, accept: str = "", **kwargs):
        self.accept = accept
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.accept:
            attrs["accept"] = self.accept
        return attrs


class RemovesOldFiles:
    """A file field whose stored file goes when the row is deleted or the file replaced.

    A replaced speaker photo or a deleted registrants-only document must not stay on disk, still reachable
    (or restorable) at its old address. The file is removed after the transaction commits, and only if no
    other row of the model still names it.
    """

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_name, sender=cls, weak=False)
            post_save.connect(self._remove_replaced, sender=cls, weak=False)
            post_delete.connect(self._remove_deleted, sender=cls, weak=False)

    def _stored_name(self, instance) -> str:
        # Read from __dict__: a deferred field must not cost a query here.
        value = instance.__dict__.get(self.attname)
        return value if isinstance(value, str) else getattr(value, "name", "") or ""

    def _remember_name(self, instance, **kwargs):
        instance.__dict__[f"_stored_{self.attname}"] = self._stored_name(instance)

    def _remove_replaced(self, instance, **kwargs):
        remembered = instance.__dict__.get(f"_stored_{self.attname}", "")
        current = self._stored_name(instance)
        if remembered and remembered != current:
            self._remove_later(instance, remembered)
        instance.__dict__[f"_stored_{self.attname}"] = current

    def _remove_deleted(self, instance, **kwargs):
        if name := self._stored_name(instance):
            self._remove_later(instance, name)

    def _remove_later(self, instance, name: str) -> None:
        model, storage = type(instance), self.storage

        def remove():
            if not model._base_manager.filter(**{self.attname: name}).exists():
                storage.delete(name)

        transaction.on_commit(remove)


class ImageUploadField(RemovesOldFiles, models.ImageField):
    """A photo or logo: JPEG, PNG or WebP by content, redrawn on save to at most max_side pixels, no EXIF.

    Declare width_field and height_field after this field: they are read from the redrawn file as the row
    is saved, so pages can give every <img> its size.
    """

    default_validators = [validate_image]

    def __init__(self, *args, max_side: int = 1600, **kwargs):
        self.max_side = max_side
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_side"] = self.max_side
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # Pillow's check in forms.ImageField would answer first with a vaguer message than validate_image.
        return models.FileField.formfield(
            self, **{"form_class": UploadFormField, "accept": IMAGE_ACCEPT, **kwargs}
        )

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            redrawn = redraw_image(file, max_side=self.max_side)
            file.save(redrawn.name, redrawn, save=False)
        return super().pre_save(model_instance, add)


class GeneratedImageField(RemovesOldFiles, models.ImageField):
    """An image the portal makes from another (a thumbnail), removed with the row or when made again."""


class DocumentUploadField(RemovesOldFiles, models.FileField):
    """A download: a document or image recognised by its content, stored with the extension of what it is."""

    default_validators = [validate_attachment]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            file.name = f"document.{attachment_type(file).extension}"
        return super().pre_save(model_instance, add)
