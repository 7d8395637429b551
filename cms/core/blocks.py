"""StreamField blocks shared by the public pages. Each renders with its own template under
``templates/components/streamfield/``."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("小标题")
        template = "components/streamfield/heading_block.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("段落")
        template = "components/streamfield/paragraph_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图注"), required=False)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "components/streamfield/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(label=_("出处"), required=False)

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "components/streamfield/quote_block.html"


class FocusAreaBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("名称"))
    description = blocks.TextBlock(label=_("说明"))

    class Meta:
        icon = "pick"
        label = _("重点领域")
        template = "components/streamfield/focus_area_block.html"


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("姓名"))
    role = blocks.CharBlock(label=_("职务"))
    note = blocks.CharBlock(label=_("分工"), required=False)

    class Meta:
        icon = "user"
        label = _("人员")
        template = "components/streamfield/person_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("步骤"))
    description = blocks.TextBlock(label=_("说明"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("办理步骤")
        template = "components/streamfield/step_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
